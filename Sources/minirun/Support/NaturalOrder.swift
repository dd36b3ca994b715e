/// Docker's natural order (its sortorder.NaturalLess): digit runs compared as numbers, so "9" comes
/// before "10" and "53/udp" before "443/tcp". `port` and `volume ls` list in it.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var x = Array(a.utf8)[...], y = Array(b.utf8)[...]
        while let c = x.first, let d = y.first {
            if isDigit(c) != isDigit(d) { return isDigit(c) }
            guard isDigit(c) else {
                if c != d { return c < d }
                x = x.dropFirst()
                y = y.dropFirst()
                continue
            }
            let m = x.prefix(while: isDigit), n = y.prefix(while: isDigit)
            let mValue = m.drop { $0 == 48 }, nValue = n.drop { $0 == 48 }
            if mValue.count != nValue.count { return mValue.count < nValue.count }
            if !mValue.elementsEqual(nValue) { return mValue.lexicographicallyPrecedes(nValue) }
            x = x.dropFirst(m.count)
            y = y.dropFirst(n.count)
        }
        return x.count < y.count
    }
}
