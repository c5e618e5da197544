select * from {{ ref('model_a') }}
