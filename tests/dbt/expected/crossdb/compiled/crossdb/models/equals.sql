select (a = b)
 as eq from t