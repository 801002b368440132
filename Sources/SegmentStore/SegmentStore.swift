import CSQLite
func _probe() -> Int32 { sqlite3_libversion_number() }
