select cast('2022-01-01' as date) + cast(i as integer) as date_day
    from range(1461) as t(i)