{{ dbt.generate_series(5) }}
