select
    {{ dbt.dateadd("day", 1, "created_at") }} as a,
    {{ dbt.dateadd(datepart="month", interval=-3, from_date_or_timestamp="'2024-01-31'") }} as b,
    {{ dbt.datediff("created_at", "updated_at", "day") }} as c,
    {{ dbt.datediff("a", "b", "week") }} as c2,
    {{ dbt.datediff("a", "b", "hour") }} as c3,
    {{ dbt.date_trunc("month", "created_at") }} as d,
    {{ dbt.last_day("created_at", "month") }} as e,
    {{ dbt.last_day("created_at", "quarter") }} as e2,
    {{ dbt.current_timestamp() }} as f,
    {{ dbt.date(2024, 1, 31) }} as g
