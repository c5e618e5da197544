select * from {{ ref('model_c') }}
