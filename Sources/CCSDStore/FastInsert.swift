import GRDB
import GRDBSQLite

/// A cached statement bound and stepped through SQLite's C API: the writer's hot inserts (events, fired keys,
/// outbox, input and state rows) without GRDB's `StatementArguments`, whose boxing of every value was a sixth of the
/// writer's time in a 100,000-window burst.
///
/// Use only inside a write on `db`'s own thread; it leaves the statement reset for the next use.
struct FastInsert {
    private let statement: OpaquePointer
    private let db: Database
    private let sql: String

    /// SQLite copies bound text before the call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        self.db = db
        self.sql = sql
        statement = try db.cachedStatement(sql: sql).sqliteStatement
    }

    /// Binds `values` (each an `Int64`, `Int`, `String` or nil) to the parameters in order, then runs it.
    /// Returns the number of rows it changed.
    @discardableResult
    func run(_ values: Value...) throws -> Int {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(statement, position, number)
            case .text(let text): code = sqlite3_bind_text(statement, position, text, -1, Self.transient)
            case .null: code = sqlite3_bind_null(statement, position)
            }
            if code != SQLITE_OK { throw failure(code) }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    enum Value {
        case integer(Int64)
        case text(String)
        case null

        static func optional(_ text: String?) -> Value { text.map(Value.text) ?? .null }
        static func optional(_ number: Int64?) -> Value { number.map(Value.integer) ?? .null }
        static func int(_ number: Int) -> Value { .integer(Int64(number)) }
    }
}
