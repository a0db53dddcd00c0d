import io
import os
import tempfile
import unittest

from ceap_heavy_etl import UNASSIGNED, load_segments, parse_segments, segment_for

from .support import SEGMENTS_CSV


class SegmentJoinTest(unittest.TestCase):
    def test_a_listed_customer_gets_its_segment_and_others_are_unassigned(self):
        # Arrange
        segments = parse_segments(io.StringIO("customerId,segment\nC1,loyal\nC2,new\n"))
        # Act / Assert
        self.assertEqual(segment_for("C1", segments), "loyal")
        self.assertEqual(segment_for("C2", segments), "new")
        self.assertEqual(segment_for("C3", segments), UNASSIGNED)
        self.assertEqual(UNASSIGNED, "unassigned")

    def test_the_shipped_file_covers_part_of_the_sample_customers(self):
        # Act
        segments = load_segments(SEGMENTS_CSV)
        # Assert
        self.assertEqual(len(segments), 9000)
        self.assertEqual(segment_for("C0000001", segments), "lost")
        self.assertEqual(segment_for("C0000010", segments), UNASSIGNED)
        self.assertEqual(segment_for("C0100000", segments), UNASSIGNED)

    def test_parsing_trims_cells_skips_blank_lines_and_a_byte_order_mark(self):
        # Arrange
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "segments.csv")
            with io.open(path, "w", encoding="utf-8-sig", newline="") as handle:
                handle.write("customerId,segment\r\n C1 , loyal \r\n\r\nC1,loyal\r\n")
            # Act
            segments = load_segments(path)
        # Assert
        self.assertEqual(segments, {"C1": "loyal"})

    def test_bad_reference_data_is_an_error_naming_the_line(self):
        cases = [
            ("id,segment\nC1,loyal\n", "header"),
            ("", "header"),
            ("customerId,segment\nC1\n", "line 2"),
            ("customerId,segment\nC1,\n", "line 2"),
            ("customerId,segment\nC1,loyal\nC1,new\n", "line 3"),
        ]
        for text, named in cases:
            with self.subTest(text=text):
                # Act / Assert
                with self.assertRaisesRegex(ValueError, named):
                    parse_segments(io.StringIO(text))


if __name__ == "__main__":
    unittest.main()
