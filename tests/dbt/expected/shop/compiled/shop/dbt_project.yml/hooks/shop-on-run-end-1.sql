
    select 1 as grants_done