select
    cast(1 as {{ dbt.type_string() }}) as a,
    cast(1 as {{ dbt.type_timestamp() }}) as b,
    cast(1 as {{ dbt.type_float() }}) as c,
    cast(1 as {{ dbt.type_numeric() }}) as d,
    cast(1 as {{ dbt.type_bigint() }}) as e,
    cast(1 as {{ dbt.type_int() }}) as f,
    cast(1 as {{ dbt.type_boolean() }}) as g,
    {{ dbt.cast("x", api.Column.translate_type("string")) }} as h,
    {{ dbt.safe_cast("y", dbt.type_int()) }} as i,
    {{ dbt.cast_bool_to_text("z") }} as j
