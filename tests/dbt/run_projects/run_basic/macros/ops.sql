{% macro grant_all(role, dry=false) %}
  {% set r = run_query("select count(*) as n from " ~ ref('raw_customers')) %}
  {{ log("role=" ~ role ~ " dry=" ~ dry ~ " rows=" ~ r.columns[0].values()[0], info=true) }}
  {% do run_query("create or replace table ops_log as select '" ~ role ~ "' as role") %}
{% endmacro %}
