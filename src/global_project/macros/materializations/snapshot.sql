{#- snapshot: a type-2 history of a query's rows. First run: the rows with validity
    columns. Later runs: a staging table of what changed (new rows, changed rows, and with
    hard_deletes: invalidate, rows gone from the source), then the current versions of
    changed rows closed (dbt_valid_to set) and the new versions inserted, in one
    transaction. Strategies: timestamp (updated_at) and check (check_cols). -#}

{% materialization snapshot, default %}
  {%- set target_table = model.alias -%}
  {%- set strategy_name = config.get('strategy') -%}
  {%- set unique_key = config.get('unique_key') -%}
  {%- set existing = adapter.get_relation(database=model.database, schema=model.schema, identifier=target_table) -%}
  {%- set target = api.Relation.create(database=model.database, schema=model.schema, identifier=target_table, type='table') -%}
  {%- if existing is not none and not existing.is_table -%}
    {{ exceptions.raise_compiler_error("Snapshot target is not a table: " ~ existing ~ " is a " ~ existing.type) }}
  {%- endif -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% set strategy_macro = strategy_dispatch(strategy_name) %}
  {% set strategy = strategy_macro(model, "snapshotted_data", "source_data", config, existing is not none) %}
  {% set staging = none %}

  {% if existing is none %}
    {% set build_sql = build_snapshot_table(strategy, sql) %}
    {% set final_sql = create_table_as(False, target, build_sql) %}
  {% else %}
    {{ adapter.assert_valid_snapshot_target_given_strategy(target, strategy) }}
    {% set staging = build_snapshot_staging_table(strategy, sql, target) %}
    {% do adapter.expand_target_column_types(from_relation=staging, to_relation=target) %}
    {% set missing = adapter.get_missing_columns(staging, target) %}
    {% for column in missing if column.name | lower != 'dbt_change_type' and not (column.name | lower).startswith('dbt_unique_key') %}
      {% call statement('add_snapshot_column') %}
        alter table {{ target }} add column {{ adapter.quote(column.name) }} {{ column.data_type }};
      {% endcall %}
    {% endfor %}
    {% set target_columns = adapter.get_columns_in_relation(target) | map(attribute='name') | list %}
    {% set quoted = [] %}
    {% for c in target_columns %}{% do quoted.append(adapter.quote(c)) %}{% endfor %}
    {% set final_sql = snapshot_merge_sql(target, staging, quoted) %}
  {% endif %}

  {% call statement('main') %}
    {{ final_sql }}
  {% endcall %}

  {% do persist_docs(target, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {% if staging is not none %}
    {{ adapter.drop_relation(staging) }}
  {% endif %}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}

{#- The strategy macro snapshot_<name>_strategy, or <package>.<name>'s. -#}
{% macro strategy_dispatch(name) -%}
  {%- if '.' in name -%}
    {%- set package_name, strategy = name.split('.', 1) -%}
  {%- else -%}
    {%- set package_name, strategy = none, name -%}
  {%- endif -%}
  {%- set found = lakedev_find_macro('snapshot_' ~ strategy ~ '_strategy', package_name) -%}
  {%- if found is none -%}
    {{ exceptions.raise_compiler_error('The specified strategy macro "' ~ strategy ~ '" was not found in package "' ~ package_name ~ '"') }}
  {%- endif -%}
  {{ return(found) }}
{%- endmacro %}

{#- md5 over the arguments cast to text, '|'-separated: the id of one version of a row. -#}
{% macro snapshot_hash_arguments(args) -%}
  md5({%- for arg in args -%}
    coalesce(cast({{ arg }} as varchar ), '')
    {% if not loop.last %} || '|' || {% endif %}
  {%- endfor -%})
{%- endmacro %}

{% macro snapshot_get_time() -%}
  now()::timestamp
{%- endmacro %}

{% macro snapshot_hard_deletes(config) %}
  {%- set hard_deletes = config.get('hard_deletes') -%}
  {%- if hard_deletes is none -%}
    {%- set hard_deletes = 'invalidate' if config.get('invalidate_hard_deletes') else 'ignore' -%}
  {%- endif -%}
  {%- if hard_deletes not in ['ignore', 'invalidate', 'new_record'] -%}
    {{ exceptions.raise_compiler_error("Invalid setting for property hard_deletes: '" ~ hard_deletes ~ "' (use ignore, invalidate or new_record)") }}
  {%- endif -%}
  {{ return(hard_deletes) }}
{% endmacro %}

{% macro snapshot_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) %}
  {%- set primary_key = config.get('unique_key') -%}
  {%- set updated_at = config.get('updated_at') -%}
  {%- set row_changed_expr -%}
    ({{ snapshotted_rel }}.dbt_valid_from < {{ current_rel }}.{{ updated_at }})
  {%- endset -%}
  {%- set scd_id_expr = snapshot_hash_arguments(snapshot_key_args(primary_key) + [updated_at]) -%}
  {% do return({
      "unique_key": primary_key,
      "updated_at": updated_at,
      "row_changed": row_changed_expr,
      "scd_id": scd_id_expr,
      "hard_deletes": snapshot_hard_deletes(config)}) %}
{% endmacro %}

{% macro snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) %}
  {%- set check_cols_config = config.get('check_cols') -%}
  {%- set primary_key = config.get('unique_key') -%}
  {%- set updated_at = config.get('updated_at') or snapshot_get_time() -%}
  {%- set column_added = false -%}
  {%- if check_cols_config == 'all' -%}
    {%- set query_columns = get_columns_in_query(node['compiled_code']) -%}
    {%- if target_exists -%}
      {%- set existing = adapter.get_columns_in_relation(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) | map(attribute='name') | map('lower') | list -%}
      {%- for c in query_columns -%}
        {%- if c | lower not in existing -%}{%- set column_added = true -%}{%- endif -%}
      {%- endfor -%}
    {%- endif -%}
    {%- set check_cols = query_columns -%}
  {%- elif check_cols_config is iterable and (check_cols_config | length) > 0 and check_cols_config is not string -%}
    {%- set check_cols = check_cols_config -%}
  {%- else -%}
    {{ exceptions.raise_compiler_error("Invalid value for 'check_cols': " ~ check_cols_config) }}
  {%- endif -%}
  {%- set row_changed_expr -%}
    (
    {%- if column_added -%}
      TRUE
    {%- else -%}
    {%- for col in check_cols -%}
      {{ snapshotted_rel }}.{{ col }} != {{ current_rel }}.{{ col }}
      or
      (
        (({{ snapshotted_rel }}.{{ col }} is null) and not ({{ current_rel }}.{{ col }} is null))
        or
        ((not {{ snapshotted_rel }}.{{ col }} is null) and ({{ current_rel }}.{{ col }} is null))
      )
      {%- if not loop.last %} or {% endif -%}
    {%- endfor -%}
    {%- endif -%}
    )
  {%- endset -%}
  {%- set scd_id_expr = snapshot_hash_arguments(snapshot_key_args(primary_key) + [updated_at]) -%}
  {% do return({
      "unique_key": primary_key,
      "updated_at": updated_at,
      "row_changed": row_changed_expr,
      "scd_id": scd_id_expr,
      "hard_deletes": snapshot_hard_deletes(config)}) %}
{% endmacro %}

{% macro snapshot_key_args(unique_key) %}
  {{ return([unique_key] if unique_key is string else unique_key | list) }}
{% endmacro %}

{#- `select <key> as dbt_unique_key` (a list of keys: dbt_unique_key_1, _2, ...). -#}
{% macro unique_key_fields(unique_key) %}
  {%- if unique_key is string -%}
    {{ unique_key }} as dbt_unique_key
  {%- else -%}
    {%- for key in unique_key -%}
      {{ key }} as dbt_unique_key_{{ loop.index }}{{ "," if not loop.last }}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}

{% macro unique_key_join_on(unique_key, identifier, from_identifier) %}
  {%- if unique_key is string -%}
    {{ identifier }}.dbt_unique_key = {{ from_identifier }}.dbt_unique_key
  {%- else -%}
    {%- for key in unique_key -%}
      {{ identifier }}.dbt_unique_key_{{ loop.index }} = {{ from_identifier }}.dbt_unique_key_{{ loop.index }}{{ " and " if not loop.last }}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}

{% macro unique_key_is_null(unique_key, identifier) %}
  {%- if unique_key is string -%}
    {{ identifier }}.dbt_unique_key is null
  {%- else -%}
    {{ identifier }}.dbt_unique_key_1 is null
  {%- endif -%}
{% endmacro %}

{% macro unique_key_is_not_null(unique_key, identifier) %}
  {%- if unique_key is string -%}
    {{ identifier }}.dbt_unique_key is not null
  {%- else -%}
    {{ identifier }}.dbt_unique_key_1 is not null
  {%- endif -%}
{% endmacro %}

{% macro snapshot_current_condition(column) %}
  {%- set current = config.get('dbt_valid_to_current') -%}
  {%- if current -%}
    ({{ column }} is null or {{ column }} = {{ current }})
  {%- else -%}
    {{ column }} is null
  {%- endif -%}
{% endmacro %}

{% macro build_snapshot_table(strategy, sql) %}
  {%- set current = config.get('dbt_valid_to_current') -%}
  select *,
    {{ strategy.scd_id }} as dbt_scd_id,
    {{ strategy.updated_at }} as dbt_updated_at,
    {{ strategy.updated_at }} as dbt_valid_from,
    coalesce(nullif({{ strategy.updated_at }}, {{ strategy.updated_at }}), {{ current if current else 'null' }}) as dbt_valid_to
    {%- if strategy.hard_deletes == 'new_record' %},
    'False' as dbt_is_deleted
    {%- endif %}
  from (
    {{ sql }}
  ) sbq
{% endmacro %}

{% macro snapshot_staging_table(strategy, source_sql, target_relation) %}
  {%- set current = config.get('dbt_valid_to_current') -%}
  {%- set deletes = strategy.hard_deletes in ['invalidate', 'new_record'] -%}
  with snapshot_query as (
    {{ source_sql }}
  ),
  snapshotted_data as (
    select *, {{ unique_key_fields(strategy.unique_key) }}
    from {{ target_relation }}
    where {{ snapshot_current_condition('dbt_valid_to') }}
  ),
  insertions_source_data as (
    select *, {{ unique_key_fields(strategy.unique_key) }},
      {{ strategy.updated_at }} as dbt_updated_at,
      {{ strategy.updated_at }} as dbt_valid_from,
      coalesce(nullif({{ strategy.updated_at }}, {{ strategy.updated_at }}), {{ current if current else 'null' }}) as dbt_valid_to,
      {{ strategy.scd_id }} as dbt_scd_id
    from snapshot_query
  ),
  updates_source_data as (
    select *, {{ unique_key_fields(strategy.unique_key) }},
      {{ strategy.updated_at }} as dbt_updated_at,
      {{ strategy.updated_at }} as dbt_valid_from,
      {{ strategy.updated_at }} as dbt_valid_to
    from snapshot_query
  ),
  {%- if deletes %}
  deletes_source_data as (
    select *, {{ unique_key_fields(strategy.unique_key) }}
    from snapshot_query
  ),
  {%- endif %}
  {%- set new_record = strategy.hard_deletes == 'new_record' -%}
  {#- with new_record, a key whose latest version is a deletion comes back as a change -#}
  {%- set changed -%}
    {{ strategy.row_changed }}{% if new_record %} or snapshotted_data.dbt_is_deleted = 'True'{% endif %}
  {%- endset -%}
  {%- set latest_is_deletion -%}
    snapshotted_data.dbt_is_deleted = 'True' and {{ snapshot_current_condition('snapshotted_data.dbt_valid_to') }}
  {%- endset -%}
  insertions as (
    select 'insert' as dbt_change_type, source_data.*
      {%- if new_record %}, 'False' as dbt_is_deleted{% endif %}
    from insertions_source_data as source_data
    left outer join snapshotted_data
      on {{ unique_key_join_on(strategy.unique_key, "snapshotted_data", "source_data") }}
    where {{ unique_key_is_null(strategy.unique_key, "snapshotted_data") }}
       or ({{ unique_key_is_not_null(strategy.unique_key, "snapshotted_data") }} and ({{ changed }}))
  ),
  updates as (
    select 'update' as dbt_change_type, source_data.*, snapshotted_data.dbt_scd_id
      {%- if new_record %}, snapshotted_data.dbt_is_deleted{% endif %}
    from updates_source_data as source_data
    join snapshotted_data
      on {{ unique_key_join_on(strategy.unique_key, "snapshotted_data", "source_data") }}
    where ({{ changed }})
  )
  {%- if deletes %},
  deletes as (
    select 'delete' as dbt_change_type, source_data.*,
      {{ snapshot_get_time() }} as dbt_valid_from,
      {{ snapshot_get_time() }} as dbt_updated_at,
      {{ snapshot_get_time() }} as dbt_valid_to,
      snapshotted_data.dbt_scd_id
      {%- if new_record %}, snapshotted_data.dbt_is_deleted{% endif %}
    from snapshotted_data
    left join deletes_source_data as source_data
      on {{ unique_key_join_on(strategy.unique_key, "snapshotted_data", "source_data") }}
    where {{ unique_key_is_null(strategy.unique_key, "source_data") }}
      {%- if new_record %} and not ({{ latest_is_deletion }}){% endif %}
  )
  {%- endif %}
  {%- if new_record %},
  {#- a row gone from the source gets a new version marked deleted: the source's columns
      as last seen -#}
  {%- set snapshotted_cols = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
  {%- set source_cols = get_columns_in_query(source_sql) -%}
  deletion_records as (
    select 'insert' as dbt_change_type,
      {% for col in source_cols -%}
        {{ 'snapshotted_data' if col in snapshotted_cols else 'source_data' }}.{{ adapter.quote(col) }},
      {% endfor -%}
      {%- if strategy.unique_key is string -%}
        snapshotted_data.dbt_unique_key as dbt_unique_key,
      {%- else -%}
        {%- for key in strategy.unique_key -%}
        snapshotted_data.{{ key }} as dbt_unique_key_{{ loop.index }},
        {% endfor -%}
      {%- endif %}
      {{ snapshot_get_time() }} as dbt_valid_from,
      {{ snapshot_get_time() }} as dbt_updated_at,
      snapshotted_data.dbt_valid_to as dbt_valid_to,
      {{ snapshot_hash_arguments(['dbt_scd_id', snapshot_get_time()]) }} as dbt_scd_id,
      'True' as dbt_is_deleted
    from snapshotted_data
    left join deletes_source_data as source_data
      on {{ unique_key_join_on(strategy.unique_key, "snapshotted_data", "source_data") }}
    where {{ unique_key_is_null(strategy.unique_key, "source_data") }}
      and not ({{ latest_is_deletion }})
  )
  {%- endif %}
  select * from insertions
  union all
  select * from updates
  {%- if deletes %}
  union all
  select * from deletes
  {%- endif %}
  {%- if new_record %}
  union all
  select * from deletion_records
  {%- endif %}
{% endmacro %}

{#- The staging rows as a temporary table (dropped after the commit). -#}
{% macro build_snapshot_staging_table(strategy, sql, target_relation) %}
  {%- set temp = make_temp_relation(target_relation) -%}
  {% call statement('build_snapshot_staging_relation') %}
    {{ create_table_as(True, temp, snapshot_staging_table(strategy, sql, target_relation)) }}
  {% endcall %}
  {% do return(temp.incorporate(type='table')) %}
{% endmacro %}

{% macro snapshot_merge_sql(target, source, insert_cols) -%}
  {{ adapter.dispatch('snapshot_merge_sql', 'dbt')(target, source, insert_cols) }}
{%- endmacro %}

{% macro default__snapshot_merge_sql(target, source, insert_cols) -%}
  {%- set current = config.get('dbt_valid_to_current') -%}
  update {{ target }} as DBT_INTERNAL_TARGET
  set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
  from {{ source }} as DBT_INTERNAL_SOURCE
  where DBT_INTERNAL_SOURCE.dbt_scd_id::text = DBT_INTERNAL_TARGET.dbt_scd_id::text
    and DBT_INTERNAL_SOURCE.dbt_change_type::text in ('update', 'delete')
    and {{ snapshot_current_condition('DBT_INTERNAL_TARGET.dbt_valid_to') }};

  insert into {{ target }} ({{ insert_cols | join(', ') }})
  select {% for column in insert_cols -%}
    DBT_INTERNAL_SOURCE.{{ column }}{{ "," if not loop.last }}
  {%- endfor %}
  from {{ source }} as DBT_INTERNAL_SOURCE
  where DBT_INTERNAL_SOURCE.dbt_change_type::text = 'insert';
{%- endmacro %}

{% macro get_columns_in_query(select_sql) %}
  {% call statement('get_columns_in_query', fetch_result=True, auto_begin=False) -%}
    select * from (
      {{ select_sql }}
    ) as __dbt_sbq
    where false
    limit 0
  {% endcall %}
  {{ return(load_result('get_columns_in_query').table.columns | map(attribute='name') | list) }}
{% endmacro %}
