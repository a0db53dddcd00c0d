"""The embedded S3 server (s3rver, as in every ceap test of S3 I/O), started for Python tests.

Python here has no S3 server and may have no boto3, so ``ScratchS3`` starts
tests/helpers/scratch-s3-server.ts with node on 127.0.0.1 and a free port, and speaks plain
path-style S3 over http.client: ``put_object`` with boto3's signature (what the Glue job calls),
and reads for the assertions. ``read_manifest`` asks the server for core's ``readManifest``.
``stop`` ends the server, which removes its folder.
"""

import http.client
import json
import os
import subprocess
import threading
import urllib.parse
import xml.etree.ElementTree as ElementTree

from .support import PACKAGE_DIR

SERVER_SCRIPT = os.path.join("tests", "helpers", "scratch-s3-server.ts")


class ScratchS3:
    def __init__(self):
        env = dict(os.environ, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED="true")
        self._server = subprocess.Popen(
            ["node", "--conditions=@ceap/source", "--import", "tsx", SERVER_SCRIPT],
            cwd=PACKAGE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        first = self._server.stdout.readline()
        if first == "":
            self._server.wait()
            raise RuntimeError("the scratch S3 server did not start (exit %s)" % self._server.returncode)
        info = json.loads(first)
        self.bucket = info["bucket"]
        endpoint = urllib.parse.urlsplit(info["endpoint"])
        self._host, self._port = endpoint.hostname, endpoint.port
        # One manifest question at a time on the server's stdin and stdout.
        self._ask = threading.Lock()

    def put_object(self, Bucket, Key, Body, ContentType="application/octet-stream"):  # noqa: N803 (boto3's names)
        status, _ = self._request("PUT", self._path(Bucket, Key), Body, {"Content-Type": ContentType})
        if status != 200:
            raise RuntimeError("PUT %s answered %d" % (Key, status))
        return {}

    def get_text(self, key):
        status, body = self._request("GET", self._path(self.bucket, key))
        if status != 200:
            raise RuntimeError("GET %s answered %d" % (key, status))
        return body.decode("utf-8")

    def keys(self, prefix):
        """Keys under a prefix, in key order (one page: tests write few objects)."""
        query = urllib.parse.urlencode({"list-type": "2", "prefix": prefix})
        status, body = self._request("GET", "/%s?%s" % (self.bucket, query))
        if status != 200:
            raise RuntimeError("LIST %s answered %d" % (prefix, status))
        root = ElementTree.fromstring(body)
        # Matched by local name: s3rver's namespace URI differs from AWS's.
        return sorted(node.text for node in root.iter() if node.tag.rpartition("}")[2] == "Key")

    def read_manifest(self, execution_id, key_prefix=""):
        """Core's ``readManifest`` of the execution, or None before any entry."""
        with self._ask:
            question = json.dumps({"executionId": execution_id, "keyPrefix": key_prefix})
            self._server.stdin.write(question + "\n")
            self._server.stdin.flush()
            answer = self._server.stdout.readline()
        if answer == "":
            raise RuntimeError("the scratch S3 server stopped before answering")
        return json.loads(answer)

    def stop(self):
        self._server.stdin.close()
        self._server.wait()
        self._server.stdout.close()

    def _path(self, bucket, key):
        return "/%s/%s" % (bucket, urllib.parse.quote(key, safe="/"))

    def _request(self, method, path, body=None, headers=None):
        # A connection per request: the threads of a test each make their own.
        connection = http.client.HTTPConnection(self._host, self._port)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()
