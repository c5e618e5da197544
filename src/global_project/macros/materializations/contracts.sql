{#- Model contracts: the model's query must give exactly the columns, in name and type,
    that its properties declare; the table is then created with those columns and their
    constraints and filled from the query. -#}

{% macro get_column_schema_from_query(select_sql, select_sql_header=none) -%}
  {%- if select_sql_header is not none -%}
    {%- do run_query(select_sql_header) -%}
  {%- endif -%}
  {% set described = run_query("describe (select * from (" ~ select_sql ~ ") as __dbt_sbq where false limit 0)") %}
  {% set columns = [] %}
  {% for row in described.rows %}
    {% do columns.append(api.Column.create(row[0], row[1])) %}
  {% endfor %}
  {{ return(columns) }}
{%- endmacro %}

{% macro get_empty_schema_sql(columns) -%}
  select
  {% for name, column in columns.items() -%}
    cast(null as {{ column['data_type'] }}) as {{ adapter.quote(name) if column.get('quote') else name }}{{ ", " if not loop.last }}
  {%- endfor %}
{%- endmacro %}

{% macro get_assert_columns_equivalent(sql) -%}
  {%- set declared = model['columns'] -%}
  {%- if not declared or not (declared | length) -%}
    {{ exceptions.raise_compiler_error("Contracts are enabled for this model. Please include a `columns` property in `_properties.yml` or `schema.yml` with the name, data_type and any constraints of each column.") }}
  {%- endif -%}
  {%- for name, column in declared.items() if column.get('data_type') is none -%}
    {{ exceptions.raise_compiler_error("Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the " ~ name ~ " column.") }}
  {%- endfor -%}
  {%- set sql_columns = get_column_schema_from_query(sql, config.get('sql_header', none)) -%}
  {%- set yaml_columns = get_column_schema_from_query(get_empty_schema_sql(declared)) -%}
  {%- set problems = [] -%}
  {%- for sc in sql_columns -%}
    {%- set match = yaml_columns | selectattr('name', 'equalto', sc.name) | list -%}
    {%- if not match -%}
      {%- do problems.append([sc.name, sc.dtype, '', 'missing in contract']) -%}
    {%- elif match[0].dtype != sc.dtype -%}
      {%- do problems.append([sc.name, sc.dtype, match[0].dtype, 'data type mismatch']) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for yc in yaml_columns -%}
    {%- if not (sql_columns | selectattr('name', 'equalto', yc.name) | list) -%}
      {%- do problems.append([yc.name, '', yc.dtype, 'missing in definition']) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if problems -%}
    {%- set lines = [] -%}
    {%- for p in problems -%}
      {%- do lines.append("| " ~ p | join(" | ") ~ " |") -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("This model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n| column_name | definition_type | contract_type | mismatch_reason |\n" ~ lines | join("\n")) }}
  {%- endif -%}
{%- endmacro %}

{% macro render_constraint(constraint, column_name=none) -%}
  {%- set kind = constraint['type'] -%}
  {%- set columns = constraint.get('columns') or [] -%}
  {%- set name_prefix = "constraint " ~ constraint['name'] ~ " " if constraint.get('name') else "" -%}
  {%- if kind == 'check' and constraint['expression'] -%}
    {{ name_prefix }}check ({{ constraint['expression'] }})
  {%- elif kind == 'not_null' and column_name -%}
    not null
  {%- elif kind == 'unique' -%}
    {{ name_prefix }}unique{% if not column_name %} ({{ columns | join(', ') }}){% endif %}
  {%- elif kind == 'primary_key' -%}
    {{ name_prefix }}primary key{% if not column_name %} ({{ columns | join(', ') }}){% endif %}
  {%- elif kind == 'foreign_key' -%}
    {%- set to = constraint.get('to') -%}
    {%- if to and constraint.get('to_columns') -%}
      {%- set pieces = to.split('.') -%}
      {%- set target = pieces[1:] | join('.') if pieces | length > 2 else to -%}
      {{ name_prefix }}{% if not column_name %}foreign key ({{ columns | join(', ') }}) {% endif %}references {{ target }} ({{ constraint['to_columns'] | join(', ') }})
    {%- elif constraint['expression'] -%}
      {{ name_prefix }}{% if not column_name %}foreign key ({{ columns | join(', ') }}) {% endif %}references {{ constraint['expression'] }}
    {%- endif -%}
  {%- elif kind == 'custom' and constraint['expression'] -%}
    {{ constraint['expression'] }}
  {%- endif -%}
{%- endmacro %}

{% macro get_table_columns_and_constraints() -%}
  {%- set parts = [] -%}
  {%- for name, column in model['columns'].items() -%}
    {%- set rendered = [(adapter.quote(name) if column.get('quote') else name) ~ " " ~ column['data_type']] -%}
    {%- for c in column.get('constraints', []) -%}
      {%- set r = render_constraint(c, name) | trim -%}
      {%- if r -%}{%- do rendered.append(r) -%}{%- endif -%}
    {%- endfor -%}
    {%- do parts.append(rendered | join(" ")) -%}
  {%- endfor -%}
  {%- for c in model.get('constraints', []) -%}
    {%- set r = render_constraint(c) | trim -%}
    {%- if r -%}{%- do parts.append(r) -%}{%- endif -%}
  {%- endfor -%}
  ({{ parts | join(", ") }})
{%- endmacro %}

{% macro get_column_names() -%}
  {%- set names = [] -%}
  {%- for name, column in model['columns'].items() -%}
    {%- do names.append(adapter.quote(name) if column.get('quote') else name) -%}
  {%- endfor -%}
  ({{ names | join(", ") }})
{%- endmacro %}

{% macro get_select_subquery(sql) -%}
  select {{ get_column_names()[1:-1] }}
  from (
    {{ sql }}
  ) as model_subq
{%- endmacro %}
