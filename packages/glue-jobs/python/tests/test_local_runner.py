"""local_runner.py as the local executor runs it: a python3 child speaking tagged JSON Lines."""

import json
import socket
import subprocess
import sys
import unittest

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from .support import LOCAL_RUNNER, SEGMENTS_CSV


def run_runner(stdin_text, logical_date="2024-05-01", segments=SEGMENTS_CSV):
    return subprocess.run(
        [sys.executable, LOCAL_RUNNER, "--logical-date", logical_date, "--segments", segments],
        input=stdin_text.encode("utf-8"),
        capture_output=True,
        timeout=60,
    )


class LocalRunnerTest(unittest.TestCase):
    def test_streams_rejects_then_records_then_a_summary(self):
        # Arrange
        lines = [
            {"customerId": "C0000002", "updatedAt": "2024-05-01T00:00:00Z", "name": "Zoë"},
            {"updatedAt": "2024-05-01T00:00:00Z"},
            {"customerId": "C0000001", "updatedAt": "2024-04-01T00:00:00Z"},
            {"customerId": "C0000001", "updatedAt": "2024-04-02T00:00:00Z"},
        ]
        stdin_text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines) + "\n"
        # Act
        done = run_runner(stdin_text)
        # Assert
        self.assertEqual(done.returncode, 0, done.stderr)
        tagged = [(line[0], json.loads(line[1:])) for line in done.stdout.decode("utf-8").splitlines()]
        self.assertEqual([tag for tag, _ in tagged], ["x", "r", "r", "s"])
        self.assertEqual(tagged[1][1]["updatedAt"], "2024-04-02T00:00:00Z")
        self.assertEqual(tagged[2][1]["name"], "Zoë")
        summary = tagged[3][1]
        self.assertEqual(
            (summary["received"], summary["records"], summary["rejected"], summary["filtered"]),
            (4, 2, 1, {"duplicate": 1}),
        )
        self.assertEqual(summary["metrics"]["segmentsLoaded"], 9000)

    def test_every_line_in_is_a_record_a_reject_or_a_duplicate_out(self):
        # Arrange: far more than the 64 KiB the runner reads and writes at a time.
        lines = []
        for i in range(5000):
            customer = {
                "customerId": "C%07d" % (i % 4000),
                "updatedAt": "2024-04-%02dT00:00:00.000Z" % (1 + i % 28),
                "name": "Zoë %d" % i,
            }
            lines.append(json.dumps(customer, ensure_ascii=False))
            if i % 50 == 0:
                lines.append('{"customerId": "C-bad", "updatedAt": "yesterday"}')
        # Act
        done = run_runner("\n".join(lines) + "\n")
        # Assert
        self.assertEqual(done.returncode, 0, done.stderr)
        out = done.stdout.decode("utf-8").splitlines()
        tags = [line[0] for line in out]
        summary = json.loads(out[-1][1:])
        self.assertEqual((tags.count("r"), tags.count("x"), tags[-1]), (4000, 100, "s"))
        self.assertEqual(
            (summary["received"], summary["records"], summary["rejected"], summary["filtered"]),
            (5100, 4000, 100, {"duplicate": 1000}),
        )
        kept = sorted(json.loads(line[1:])["customerId"] for line in out if line[0] == "r")
        self.assertEqual(kept, ["C%07d" % i for i in range(4000)])

    def test_widens_a_unix_socket_stdout_as_node_gives_it(self):
        # Arrange: Node's child stdio is a socketpair; the child's end is the socket that sends.
        ours, theirs = socket.socketpair()
        before = theirs.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        with ours, theirs:
            # Act
            child = subprocess.Popen(
                [sys.executable, LOCAL_RUNNER, "--logical-date", "2024-05-01", "--segments", SEGMENTS_CSV],
                stdin=subprocess.DEVNULL,
                stdout=theirs.fileno(),
                stderr=subprocess.PIPE,
            )
            _, stderr = child.communicate(timeout=60)
            after = theirs.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
            summary = ours.recv(65536).decode("utf-8")
        # Assert
        self.assertEqual(child.returncode, 0, stderr)
        self.assertTrue(summary.startswith("s{"), summary)
        self.assertGreater(after, before)

    def test_widens_a_pipe_stdout_where_the_os_can(self):
        # Arrange
        child = subprocess.Popen(
            [sys.executable, LOCAL_RUNNER, "--logical-date", "2024-05-01", "--segments", SEGMENTS_CSV],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # Act
        first = child.stdout.readline()
        measurable = hasattr(fcntl, "F_GETPIPE_SZ")
        size = fcntl.fcntl(child.stdout.fileno(), fcntl.F_GETPIPE_SZ) if measurable else None
        _, stderr = child.communicate(timeout=60)
        # Assert: 1 MiB where Linux allows it; elsewhere the run is simply unaffected.
        self.assertEqual(child.returncode, 0, stderr)
        self.assertTrue(first.startswith(b"s{"), first)
        if size is not None:
            with open("/proc/sys/fs/pipe-max-size") as limit:
                self.assertEqual(size, min(1024 * 1024, int(limit.read())))

    def test_a_failure_exits_non_zero_with_the_traceback_on_stderr(self):
        # Act
        done = run_runner("", segments="/nonexistent/segments.csv")
        # Assert
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("Traceback (most recent call last)", done.stderr.decode("utf-8"))
        self.assertIn("FileNotFoundError", done.stderr.decode("utf-8"))
        self.assertEqual(done.stdout, b"")

    def test_a_bad_logical_date_is_refused(self):
        # Act
        done = run_runner("", logical_date="2024-02-30")
        # Assert
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("logical date", done.stderr.decode("utf-8"))


if __name__ == "__main__":
    unittest.main()
