/* LD_PRELOAD shim for bench/dbt_build: times every call lakedev makes into DuckDB's C API
 * that runs SQL or touches the database (open, connect, query, prepare, execute, fetch,
 * close) and writes the totals per kind (the statement's first word for duckdb_query) to
 * $DUCKDB_CALLS_OUT as "kind<TAB>calls<TAB>seconds" lines, at every duckdb_close and at
 * exit. Wall time minus the total is the time lakedev spends outside DuckDB.
 *
 *   cc -O2 -shared -fPIC -I DUCKDB_INCLUDE -o duckdb_calls.so duckdb_calls.c -ldl
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "duckdb.h"

enum { kKinds = 64 };
static struct { char name[24]; long calls; double seconds; } kinds[kKinds];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void add(const char* name, double seconds) {
  pthread_mutex_lock(&mu);
  for (int i = 0; i < kKinds; ++i) {
    if (!kinds[i].name[0]) snprintf(kinds[i].name, sizeof kinds[i].name, "%s", name);
    if (strcmp(kinds[i].name, name) == 0 || i == kKinds - 1) {
      kinds[i].calls++;
      kinds[i].seconds += seconds;
      break;
    }
  }
  pthread_mutex_unlock(&mu);
}

static void add_sql(const char* sql, double seconds) {
  char word[24] = "";
  int n = 0;
  while (sql && *sql && (isspace((unsigned char)*sql) || *sql == '(')) ++sql;
  while (sql && *sql && isalpha((unsigned char)*sql) && n < 23) word[n++] = tolower(*sql++);
  word[n] = 0;
  add(n ? word : "other", seconds);
}

static void dump(void) {
  const char* path = getenv("DUCKDB_CALLS_OUT");
  if (!path || !kinds[0].name[0]) return;  /* not a process that used DuckDB (e.g. a wrapper) */
  pthread_mutex_lock(&mu);
  FILE* f = fopen(path, "w");
  if (f) {
    for (int i = 0; i < kKinds && kinds[i].name[0]; ++i)
      fprintf(f, "%s\t%ld\t%.6f\n", kinds[i].name, kinds[i].calls, kinds[i].seconds);
    fclose(f);
  }
  pthread_mutex_unlock(&mu);
}

__attribute__((destructor)) static void at_exit(void) { dump(); }

#define NEXT(name)                                                       \
  static __typeof__(name)* real;                                         \
  if (!real) real = (__typeof__(name)*)dlsym(RTLD_NEXT, #name)

duckdb_state duckdb_open_ext(const char* path, duckdb_database* db, duckdb_config config,
                             char** err) {
  NEXT(duckdb_open_ext);
  double t0 = now();
  duckdb_state rc = real(path, db, config, err);
  add("open", now() - t0);
  return rc;
}

duckdb_state duckdb_connect(duckdb_database db, duckdb_connection* conn) {
  NEXT(duckdb_connect);
  double t0 = now();
  duckdb_state rc = real(db, conn);
  add("connect", now() - t0);
  return rc;
}

duckdb_state duckdb_query(duckdb_connection conn, const char* sql, duckdb_result* result) {
  NEXT(duckdb_query);
  double t0 = now();
  duckdb_state rc = real(conn, sql, result);
  add_sql(sql, now() - t0);
  return rc;
}

duckdb_state duckdb_prepare(duckdb_connection conn, const char* sql,
                            duckdb_prepared_statement* stmt) {
  NEXT(duckdb_prepare);
  double t0 = now();
  duckdb_state rc = real(conn, sql, stmt);
  add("prepare", now() - t0);
  return rc;
}

duckdb_state duckdb_execute_prepared(duckdb_prepared_statement stmt, duckdb_result* result) {
  NEXT(duckdb_execute_prepared);
  double t0 = now();
  duckdb_state rc = real(stmt, result);
  add("execute", now() - t0);
  return rc;
}

duckdb_data_chunk duckdb_fetch_chunk(duckdb_result result) {
  NEXT(duckdb_fetch_chunk);
  double t0 = now();
  duckdb_data_chunk chunk = real(result);
  add("fetch", now() - t0);
  return chunk;
}

void duckdb_disconnect(duckdb_connection* conn) {
  NEXT(duckdb_disconnect);
  double t0 = now();
  real(conn);
  add("disconnect", now() - t0);
}

void duckdb_close(duckdb_database* db) {
  NEXT(duckdb_close);
  double t0 = now();
  real(db);
  add("close", now() - t0);
  dump();
}
