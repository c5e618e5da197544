select
    
    array[ 1 , 2 ]
     as a,
    
    array[]::integer[]
     as a2,
    array_append(arr, 3) as b,
    array_cat(arr, arr2) as c
from t


    except


select 1


    intersect


select 2