/// Marks the types whose keys Go would sort (maps), as opposed to structs, whose fields keep their
/// declared order.
protocol EncodesAsMap {}

extension Dictionary: EncodesAsMap {}
