{%- set rel = source('raw', 'events') -%}
select
    '{{ var("derived") }}' as derived,
    '{{ rel }}' as rel,
    {{ (rel is mapping) and rel.get('metadata', {}).get('type', '').endswith('Relation') }} as is_relation,
    {{ this.get('metadata')['type'] == 'DuckDBRelation' }} as metadata_type
