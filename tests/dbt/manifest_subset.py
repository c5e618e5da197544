#!/usr/bin/env python3
"""Prints the parts of a dbt-core manifest.json that lakedev must reproduce, normalized.

    ~/.cache/lakedev/venv/bin/python tests/dbt/manifest_subset.py target/manifest.json > out.json

Output: one JSON document, keys sorted, indent 1, ending in a newline:

  metadata      dbt_version, project_name, adapter_type (no ids, no timestamps)
  nodes         every entry of manifest "nodes" (models, seeds, snapshots, tests,
                analyses, hook operations), keyed by unique_id
  sources       every source table
  macros        only macros of the project and its packages: those of the `dbt` package
                (dbt's global project) and of `dbt_<adapter_type>` (the adapter's, e.g.
                dbt_duckdb) are dropped: they are dbt's own code, hundreds of entries
  exposures     every exposure
  docs          doc blocks outside the dbt package (name, package, path, block_contents)
  disabled      unique_id -> list of {resource_type, name, original_file_path, enabled}
  selectors     selectors.yml as dbt parsed it
  parent_map, child_map   unique_id -> sorted list of unique_ids

For each entry only the fields listed in FIELDS (below) are kept; a field the entry does
not have is left out rather than written as null, so that the same listing serves every
resource type. Normalization, and why:

  * depends_on.nodes and depends_on.macros are sorted: dbt records them in the order the
    Jinja happened to call ref()/macros, which is an artifact of rendering, not meaning.
    refs and sources keep dbt's order (the order they appear in the SQL).
  * parent_map / child_map lists are sorted (dbt builds them from dict iteration order).
  * columns are reduced to {name, description, data_type} per column.
  * Dropped as run- or machine-specific: created_at (a timestamp), root_path (absolute
    path of the checkout), build_path, compiled_path, compiled/compiled_code (those are
    checked by the compiled/ goldens instead), raw_code (the source file itself),
    metadata.generated_at / invocation_id / invocation_started_at / run_started_at /
    project_id / user_id / env.
  * Kept on purpose: unrendered_config (deterministic, and it tells lakedev which config
    values were written where, e.g. dbt_project.yml "+" keys versus config() calls);
    patch_path ("shop://models/..." - relative, machine independent); checksum (sha256
    of the file as read: deterministic for a given checkout).
  * Every path in the manifest is already relative to its package root, so nothing is
    rewritten; the script fails if an absolute path slips into the output.
"""
import json
import sys

NODE_FIELDS = [
    "resource_type", "package_name", "path", "original_file_path", "patch_path", "name",
    "fqn", "alias", "database", "schema", "relation_name", "depends_on", "refs",
    "sources", "tags", "config", "unrendered_config", "test_metadata", "column_name",
    "attached_node", "file_key_name", "description", "columns", "docs", "meta", "version",
    "latest_version", "deprecation_date", "access", "group", "language", "contract",
    "constraints", "checksum",
]
SOURCE_FIELDS = [
    "resource_type", "package_name", "path", "original_file_path", "patch_path", "name",
    "fqn", "database", "schema", "identifier", "relation_name", "source_name",
    "source_description", "source_meta", "loader", "loaded_at_field", "loaded_at_query",
    "freshness", "quoting", "tags", "config", "unrendered_config", "description",
    "columns", "meta",
]
MACRO_FIELDS = [
    "resource_type", "package_name", "path", "original_file_path", "patch_path", "name",
    "depends_on", "description", "arguments", "docs", "meta", "supported_languages",
]
EXPOSURE_FIELDS = [
    "resource_type", "package_name", "path", "original_file_path", "name", "label",
    "fqn", "type", "maturity", "url", "owner", "depends_on", "refs", "sources", "tags",
    "config", "unrendered_config", "description", "meta",
]
DOC_FIELDS = ["resource_type", "package_name", "path", "original_file_path", "name",
              "block_contents"]


def pick(entry, fields):
    out = {}
    for f in fields:
        if f not in entry:
            continue
        v = entry[f]
        if f == "depends_on" and isinstance(v, dict):
            v = {k: sorted(x) for k, x in v.items()}
        elif f == "columns" and isinstance(v, dict):
            v = {name: {"name": c.get("name"), "description": c.get("description"),
                        "data_type": c.get("data_type")}
                 for name, c in v.items()}
        out[f] = v
    return out


def subset(manifest):
    md = manifest.get("metadata", {})
    # packages whose macros are dbt's own implementation, not the project's
    internal = {"dbt", "dbt_%s" % md.get("adapter_type")}
    result = {
        "metadata": {k: md.get(k) for k in ("dbt_version", "project_name", "adapter_type")},
        "nodes": {uid: pick(n, NODE_FIELDS) for uid, n in manifest["nodes"].items()},
        "sources": {uid: pick(s, SOURCE_FIELDS) for uid, s in manifest["sources"].items()},
        "macros": {uid: pick(m, MACRO_FIELDS) for uid, m in manifest["macros"].items()
                   if m["package_name"] not in internal},
        "exposures": {uid: pick(e, EXPOSURE_FIELDS)
                      for uid, e in manifest.get("exposures", {}).items()},
        "docs": {uid: pick(d, DOC_FIELDS) for uid, d in manifest.get("docs", {}).items()
                 if d["package_name"] != "dbt"},
        "disabled": {uid: [{"resource_type": d.get("resource_type"), "name": d.get("name"),
                            "original_file_path": d.get("original_file_path"),
                            "enabled": d.get("config", {}).get("enabled")}
                           for d in entries]
                     for uid, entries in (manifest.get("disabled") or {}).items()},
        "selectors": manifest.get("selectors", {}),
        "parent_map": {k: sorted(v) for k, v in manifest.get("parent_map", {}).items()},
        "child_map": {k: sorted(v) for k, v in manifest.get("child_map", {}).items()},
    }
    return result


def check_no_absolute_paths(value, where="$"):
    if isinstance(value, dict):
        for k, v in value.items():
            check_no_absolute_paths(v, where + "." + str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_no_absolute_paths(v, "%s[%d]" % (where, i))
    elif isinstance(value, str) and (value.startswith("/tmp/") or value.startswith("/root/")
                                     or value.startswith("/home/")):
        raise SystemExit("manifest_subset: machine-specific path at %s: %s" % (where, value))


def render(manifest):
    data = subset(manifest)
    check_no_absolute_paths(data)
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: manifest_subset.py MANIFEST_JSON\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    sys.stdout.write(render(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
