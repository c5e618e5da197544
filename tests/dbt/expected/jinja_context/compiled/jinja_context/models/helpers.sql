

select
    '{"a": 1, "b": ["x", "y"], "c": {"d": true}}' as a,
    '{"k": [1, 2.5, null], "s": "\u00e9"}' as b,
    '{"a": [true, null], "z": 1}' as c,
    'a8bd00546ae50f3603f7e17e93833f29' as d,
    '1a','2b' as e,
    '"jinja_context"."main"."helpers"' as f,
    'helpers' as g,
    'dev/main/duckdb' as h,
    '"db"."s"."t"' as i,
    '"t"' as j,
    '1 day, 1:01:00' as k,
    'Thursday 29 February 2024, day 060' as l