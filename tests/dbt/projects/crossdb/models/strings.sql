select
    {{ dbt.concat(["a", "'-'", "b"]) }} as a,
    {{ dbt.hash("a") }} as b,
    {{ dbt.length("a") }} as c,
    {{ dbt.position("'x'", "a") }} as d,
    {{ dbt.replace("a", "'x'", "'y'") }} as e,
    {{ dbt.right("a", 3) }} as f,
    {{ dbt.split_part("a", "','", 2) }} as g,
    {{ dbt.split_part("a", "','", -1) }} as g2,
    {{ dbt.escape_single_quotes("it's") }} as h,
    {{ dbt.string_literal("it's") }} as i,
    {{ dbt.listagg("a", "','", "order by b", 10) }} as j,
    {{ dbt.listagg("a") }} as j2,
    {{ dbt.any_value("a") }} as k,
    {{ dbt.bool_or("a > 1") }} as l
from t
