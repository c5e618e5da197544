select * from {{ ref('model_b') }}
