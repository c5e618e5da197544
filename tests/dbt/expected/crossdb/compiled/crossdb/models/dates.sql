select
    

    (created_at + cast(1 as bigint) * interval 1 day) as a,
    

    ('2024-01-31' + cast(-3 as bigint) * interval 1 month) as b,
    
        (date_diff('day', created_at::timestamp, updated_at::timestamp ))
     as c,
    
            (
        (date_diff('day', a::timestamp, b::timestamp ))
     // 7 + case
            when date_part('dow', (a)::timestamp) <= date_part('dow', (b)::timestamp) then
                case when a <= b then 0 else -1 end
            else
                case when a <= b then 1 else 0 end
        end)
     as c2,
    
        (date_diff('hour', a::timestamp, b::timestamp ))
     as c3,
    date_trunc('month', created_at) as d,
    cast(
        

    (

    (date_trunc('month', created_at) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day)
        as date) as e,
    -- duckdb dateadd does not support quarter interval.
    cast(
        

    (

    (date_trunc('quarter', created_at) + cast(3 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day)
        as date) as e2,
    now() as f,
    make_date(2024, 1, 31) as g