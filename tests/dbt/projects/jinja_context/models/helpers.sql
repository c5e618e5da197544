{% set data = fromyaml("a: 1\nb: [x, y]\nc: {d: true}") %}
{% set parsed = fromjson('{"k": [1, 2.5, null], "s": "\u00e9"}') %}
select
    '{{ tojson(data) }}' as a,
    '{{ tojson(parsed) }}' as b,
    '{{ tojson({"z": 1, "a": [true, none]}, sort_keys=true) }}' as c,
    '{{ local_md5("lakedev") }}' as d,
    {% for x, y in zip([1, 2, 3], ["a", "b"]) %}'{{ x }}{{ y }}'{{ "," if not loop.last }}{% endfor %} as e,
    '{{ this }}' as f,
    '{{ this.identifier }}' as g,
    '{{ target.name }}/{{ target.schema }}/{{ target.type }}' as h,
    '{{ api.Relation.create(database="db", schema="s", identifier="t") }}' as i,
    '{{ api.Relation.create(schema="s", identifier="t").include(schema=false) }}' as j,
    '{{ modules.datetime.timedelta(hours=25, minutes=1) }}' as k,
    '{{ modules.datetime.date.fromisoformat("2024-02-29").strftime("%A %d %B %Y, day %j") }}' as l
