-- describes the target the project was compiled for; handy in debugging sessions
select
    'dev' as target_name,
    'main' as target_schema,
    'duckdb' as adapter_type,
    '"shop"."main"."util_run_context"' as this_relation,
    'util_run_context' as this_identifier,
    'shop' as project_name,
    null as optional_setting