select
    a || '-' || b as a,
    md5(cast(a as TEXT)) as b,
    

    length(
        a
    ) as c,
    

    position(
        'x' in a
    ) as d,
    

    replace(
        a,
        'x',
        'y'
    )


 as e,
    

    right(
        a,
        3
    ) as f,
    
    string_split(a, ',')[ 2 ]
 as g,
    
    string_split(a, ',')[ -1 ]
 as g2,
    it''s as h,
    'it's' as i,
    list_aggr(
        (array_agg(
            a
            order by b
        ))[1:10],
        'string_agg',
        ','
        ) as j,
    
    string_agg(
        a,
        ','
        
        ) as j2,
    arbitrary(a) as k,
    bool_or(a > 1) as l
from t