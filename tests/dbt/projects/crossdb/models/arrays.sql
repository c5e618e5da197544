select
    {{ dbt.array_construct(["1", "2"]) }} as a,
    {{ dbt.array_construct([], "integer") }} as a2,
    {{ dbt.array_append("arr", "3") }} as b,
    {{ dbt.array_concat("arr", "arr2") }} as c
from t
{{ dbt.except() }}
select 1
{{ dbt.intersect() }}
select 2
