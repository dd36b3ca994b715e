@testable import minirun
import Testing

/// `TabWriter` against what Go's text/tabwriter prints with docker's settings
/// (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`): the expected strings are Go's output.
struct TabWriterTests {
    @Test func columnsAreTheirWidestCellAndThreeSpacesAndTenAtLeast() {
        #expect(TabWriter.align("A\tB\tC\nlonger cell\tx\ty\n") == "A             B         C\nlonger cell   x         y\n")
    }

    /// A line's last cell is in no column: never padded, and not counted in any width.
    @Test func theLastCellOfALineIsNotPadded() {
        #expect(TabWriter.align("a\tthis last cell is long\nb\tc\n") == "a         this last cell is long\nb         c\n")
    }

    /// An empty last cell leaves the padding of the cell before it, as Go's does.
    @Test func anEmptyLastCellKeepsThePaddingBeforeIt() {
        #expect(TabWriter.align("SIZE\tCOMMENT\n2MB\t\n") == "SIZE      COMMENT\n2MB       \n")
    }

    /// A line with fewer cells ends the column: the lines after it are aligned on their own.
    @Test func aShorterLineStartsNewColumnBlocks() {
        #expect(TabWriter.align("a\tb\nheading without tabs\nlonger first\tc\n")
            == "a         b\nheading without tabs\nlonger first   c\n")
    }

    /// Widths count Unicode scalars, as Go counts runes.
    @Test func widthsCountScalars() {
        #expect(TabWriter.align("é\tx\nab\ty\n") == "é         x\nab        y\n")
    }

    @Test func textWithoutALastLineBreakEndsWithoutOne() {
        #expect(TabWriter.align("a\tb") == "a         b")
        #expect(TabWriter.align("a\tb\t") == "a         b")
        #expect(TabWriter.align("") == "")
    }
}
