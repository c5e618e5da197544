select
    cast(1 as TEXT) as a,
    cast(1 as timestamp) as b,
    cast(1 as float) as c,
    cast(1 as numeric(28,6)) as d,
    cast(1 as bigint) as e,
    cast(1 as integer) as f,
    cast(1 as boolean) as g,
    
    cast(x as TEXT)
 as h,
    
    
    cast(y as integer)
 as i,
    
  
    cast(z as TEXT)

 as j