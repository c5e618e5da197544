select {{ dbt.equals("a", "b") }} as eq from t
