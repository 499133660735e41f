/// Strict reading of scalars: the single-value container requirements and the
/// primitive types every container funnels into.
extension NodeDecoder {
    /// The value if `T` is a primitive this decoder reads itself, `nil` otherwise.
    func decodePrimitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is Bool.Type: return try decodeBool() as? T
        case is String.Type: return try decodeString() as? T
        case is Double.Type: return try decodeFloat(Double.self) as? T
        case is Float.Type: return try decodeFloat(Float.self) as? T
        default: break
        }
        if let integer = type as? any FixedWidthInteger.Type {
            return try decodeInteger(integer) as? T
        }
        return nil
    }

    /// `true` or `false` only: YAML 1.1's `yes`/`no`/`on`/`off` are the classic trap.
    func decodeBool() throws -> Bool {
        guard case let .scalar(scalar) = node.value, let value = scalar.boolValue else {
            throw mismatch(expected: "true or false")
        }
        return value
    }

    /// Any scalar but a plain null: `name: 42` is the string "42", `name:` is an error.
    func decodeString() throws -> String {
        guard case let .scalar(scalar) = node.value, !node.isNull else {
            throw mismatch(expected: "a string")
        }
        return scalar.text
    }

    /// Decimal numbers (integers included); `.inf`/`.nan` and overflow are rejected,
    /// since a non-finite hyperparameter is always a mistake.
    func decodeFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(_ type: F.Type) throws -> F {
        guard case let .scalar(scalar) = node.value, let syntax = scalar.numberSyntax else {
            throw mismatch(expected: "a number")
        }
        let value: F?
        switch syntax {
        case let .integer(text), let .float(text):
            value = F(text)
        case let .hexInteger(text):
            value = Int64(text, radix: 16).map(F.init)
        case .infinity, .nan:
            value = nil
        }
        guard let value, value.isFinite else {
            throw failure("must be a finite number, found \(node.foundDescription)")
        }
        return value
    }

    /// Integers in range; a float is accepted only when it is a whole number (`2e4`),
    /// so `2.5` is an error rather than a silent truncation.
    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case let .scalar(scalar) = node.value, let syntax = scalar.numberSyntax else {
            throw mismatch(expected: "an integer")
        }
        let value: I?
        switch syntax {
        case let .integer(text):
            value = I(text)
        case let .hexInteger(text):
            value = text.hasPrefix("-") ? I("-" + text.dropFirst(), radix: 16) : I(text, radix: 16)
        case let .float(text):
            guard let double = Double(text), double.isFinite, double.rounded() == double else {
                throw mismatch(expected: "an integer")
            }
            value = I(exactly: double)
        case .infinity, .nan:
            throw mismatch(expected: "an integer")
        }
        guard let value else {
            throw mismatch(expected: "an integer from \(I.min) to \(I.max)")
        }
        return value
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decodeFloat(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try decodeFloat(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(T.self) }
}
