
select * from "my"."analytics_stage"."stg_people"