#!/usr/bin/env python3
"""Records botocore's SigV4 signatures for lakedev's signer tests (sigv4_cases.json).

    sigv4_oracle.py            # rewrite sigv4_cases.json
    sigv4_oracle.py --check    # re-sign every case and compare with the file (ctest)

Each case is a request (method, url, headers, body), credentials, region, service and a
fixed time; botocore's SigV4Auth (S3SigV4Auth for s3) signs it, and its canonical request
and resulting headers are the expectation.
"""
import datetime
import json
import sys
from pathlib import Path

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CASES_FILE = Path(__file__).resolve().parent / "sigv4_cases.json"
WHEN = datetime.datetime(2026, 11, 25, 10, 30, 45)
KEYS = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ=="
GLUE = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSGlue.GetTables"}

INPUTS = [
    ("glue_post", "POST", "https://glue.us-east-1.amazonaws.com/", GLUE,
     '{"DatabaseName":"raw","MaxResults":100}', "us-east-1", "glue", False),
    ("glue_session_token", "POST", "https://glue.eu-west-1.amazonaws.com/", GLUE,
     '{"DatabaseName":"raw","NextToken":"abc/def=="}', "eu-west-1", "glue", True),
    ("glue_local_port", "POST", "http://127.0.0.1:5057/", GLUE, '{"DatabaseName":"x"}',
     "us-east-1", "glue", False),
    ("sts_query", "POST", "https://sts.amazonaws.com/",
     {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
     "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdev"
     "&RoleSessionName=lakedev&Version=2011-06-15", "us-east-1", "sts", False),
    ("get_sorted_query", "GET",
     "https://example.amazonaws.com/path/to/thing?b=2&a=1&a=0&sp=a%20b&tilde=~&empty=",
     {}, "", "us-east-1", "service", False),
    ("get_path_normalized", "GET", "https://example.amazonaws.com/a/./b/../c//d/", {}, "",
     "us-east-1", "service", False),
    ("get_encoded_path", "GET", "https://example.amazonaws.com/tables/order%20items/x%2Fy",
     {}, "", "us-east-1", "service", False),
    ("header_spaces_and_case", "GET", "https://example.amazonaws.com/",
     {"My-Header1": "  value1   with  spaces ", "x-Amz-Meta-Z": "z"}, "", "us-east-1",
     "service", False),
    ("s3_get_object", "GET",
     "https://bucket.s3.us-east-1.amazonaws.com/wh/db.db/t%20x/metadata/00001-a.metadata.json",
     {}, "", "us-east-1", "s3", False),
    ("s3_list_path_style", "GET",
     "http://127.0.0.1:5057/iceberg-wh?list-type=2&prefix=wh%2Fraw%2F&max-keys=1000", {}, "",
     "us-east-1", "s3", True),
    ("rest_catalog_get", "GET", "https://catalog.example.com/v1/namespaces/raw/tables",
     {"Accept": "application/json"}, "", "us-west-2", "execute-api", False),
]


def sign(method, url, headers, body, region, service, with_token):
    creds = Credentials(KEYS[0], KEYS[1], TOKEN if with_token else None)
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
    signer_class = botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth
    signer = signer_class(creds, service, region)
    seen = []
    canonical = signer.canonical_request
    signer.canonical_request = lambda r: seen.append(canonical(r)) or seen[-1]
    original = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda *a, **k: WHEN
    try:
        signer.add_auth(request)
    finally:
        botocore.auth.get_current_datetime = original
    return {"canonical_request": seen[0],
            "authorization": request.headers["Authorization"],
            "x_amz_date": request.headers["X-Amz-Date"],
            "x_amz_content_sha256": request.headers.get("X-Amz-Content-SHA256", "")}


def build():
    cases = []
    for name, method, url, headers, body, region, service, with_token in INPUTS:
        cases.append({
            "name": name, "method": method, "url": url,
            "headers": [[k, v] for k, v in headers.items()], "body": body,
            "access_key_id": KEYS[0], "secret_access_key": KEYS[1],
            "session_token": TOKEN if with_token else "", "region": region,
            "service": service, "amz_date": WHEN.strftime("%Y%m%dT%H%M%SZ"),
            "expected": sign(method, url, headers, body, region, service, with_token)})
    return cases


def main():
    cases = build()
    text = json.dumps(cases, indent=1) + "\n"
    if "--check" in sys.argv:
        if CASES_FILE.read_text() != text:
            sys.exit("sigv4_cases.json differs from what botocore produces now; "
                     "rerun tests/lake/sigv4_oracle.py and review the diff")
        print(f"{len(cases)} cases match botocore")
        return
    CASES_FILE.write_text(text)
    print(f"wrote {len(cases)} cases to {CASES_FILE}")


if __name__ == "__main__":
    main()
