@testable import minirun
import Testing

/// How `top` cuts ps's output to a container's processes, as Docker's daemon parses it.
struct TopTests {
    @Test func keepsTheContainersRowsWithTheCommandWhole() throws {
        let output = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 10:00 ?        00:00:01 /sbin/init
            root         120     100  0 10:01 ?        00:00:00 sleep 300 --with spaces
            root         121     120  0 10:01 ?        00:00:00 sh

            """
        let (titles, rows) = try Top.containerRows(output, pids: [120, 121])
        #expect(titles == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
        #expect(rows == [["root", "120", "100", "0", "10:01", "?", "00:00:00", "sleep 300 --with spaces"],
                         ["root", "121", "120", "0", "10:01", "?", "00:00:00", "sh"]])
    }

    @Test func threadRowsFollowTheirProcess() throws {
        let output = "PID TID CMD\n7 - a\n- 7 -\n9 - b\n- 9 -\n"
        let (_, rows) = try Top.containerRows(output, pids: [7])
        #expect(rows == [["7", "-", "a"], ["-", "7", "-"]])
    }

    @Test func psWithoutAPIDColumnIsAnError() {
        #expect(throws: (any Error).self) { try Top.containerRows("USER COMMAND\nroot x\n", pids: [1]) }
    }

    @Test func tablesOfTopAreTwentyWide() {
        #expect(TabWriter.align("PID\tCMD\n1\tsh\n", minimumWidth: 20, padding: 3) == "PID                 CMD\n1                   sh\n")
    }
}
