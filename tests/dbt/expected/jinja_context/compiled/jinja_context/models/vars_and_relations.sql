select
    'env_dev' as derived,
    '"jinja_context"."landing_data"."events"' as rel,
    True as is_relation,
    True as metadata_type