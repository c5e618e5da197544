select
    date_day,
    extract(year from date_day) as year_number,
    extract(month from date_day) as month_number,
    case extract(month from date_day)
        when 1 then 'Q1'
        when 2 then 'Q1'
        when 3 then 'Q1'
        when 4 then 'Q2'
        when 5 then 'Q2'
        when 6 then 'Q2'
        when 7 then 'Q3'
        when 8 then 'Q3'
        when 9 then 'Q3'
        when 10 then 'Q4'
        when 11 then 'Q4'
        when 12 then 'Q4'
    end as quarter_name
from "shop"."main__utils"."util_calendar"