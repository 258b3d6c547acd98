import Foundation

/// Writes a ZIP archive (APPNOTE 6.3) with every entry stored uncompressed, as OpenDocument needs for its
/// `mimetype` entry and allows for the rest. No ZIP package is among the project's dependencies; storing
/// keeps this to headers and a CRC-32.
struct ZipArchive {
    private var body = Data()
    private var directory = Data()
    private var count = 0

    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP requires.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Adds a file. Names are UTF-8 (flag bit 11); the timestamp is fixed so that output is reproducible.
    mutating func add(_ name: String, _ data: Data) {
        let nameBytes = Data(name.utf8)
        let crc = Self.crc32(data)
        let offset = UInt32(body.count)
        let (time, date): (UInt16, UInt16) = (0, (2020 - 1980) << 9 | 1 << 5 | 1)
        var local = Data()
        local.le32(0x0403_4b50)
        local.le16(10)
        local.le16(0x0800)
        local.le16(0)
        local.le16(time)
        local.le16(date)
        local.le32(crc)
        local.le32(UInt32(data.count))
        local.le32(UInt32(data.count))
        local.le16(UInt16(nameBytes.count))
        local.le16(0)
        body.append(local)
        body.append(nameBytes)
        body.append(data)
        var central = Data()
        central.le32(0x0201_4b50)
        central.le16(20)
        central.le16(10)
        central.le16(0x0800)
        central.le16(0)
        central.le16(time)
        central.le16(date)
        central.le32(crc)
        central.le32(UInt32(data.count))
        central.le32(UInt32(data.count))
        central.le16(UInt16(nameBytes.count))
        central.le16(0)
        central.le16(0)
        central.le16(0)
        central.le16(0)
        central.le32(0)
        central.le32(offset)
        directory.append(central)
        directory.append(nameBytes)
        count += 1
    }

    /// The finished archive.
    func data() -> Data {
        var out = body
        out.append(directory)
        var end = Data()
        end.le32(0x0605_4b50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(count))
        end.le16(UInt16(count))
        end.le32(UInt32(directory.count))
        end.le32(UInt32(body.count))
        end.le16(0)
        out.append(end)
        return out
    }
}

extension Data {
    fileprivate mutating func le16(_ v: UInt16) { append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8)]) }
    fileprivate mutating func le32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}
