-- describes the target the project was compiled for; handy in debugging sessions
select
    '{{ target.name }}' as target_name,
    '{{ target.schema }}' as target_schema,
    '{{ target.type }}' as adapter_type,
    '{{ this }}' as this_relation,
    '{{ this.identifier }}' as this_identifier,
    '{{ project_name }}' as project_name,
    {{ var('shop_utils_missing_var', 'null') }} as optional_setting
