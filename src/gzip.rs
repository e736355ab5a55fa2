//! Gzip into memory with one compressor per thread and level, reused from file to file.
//!
//! flate2's `GzEncoder` makes a new compressor for each file: about 300 KB of tables allocated and
//! cleared, 450 000 instructions before the first byte (callgrind), a third of what compressing a
//! search shard of a few kilobytes costs. The index writes 655 shards at 10 000 pages, and the
//! preview keeps each of its pages compressed. So the 10-byte header and 8-byte trailer of RFC
//! 1952 are written here, around flate2's own deflate and CRC, and the compressor is reset, not
//! remade.
//!
//! No level 1: there a reset compressor does not write what a new one does (zlib-rs 0.6 keeps
//! `block_open` of its quick strategy across `reset`), and the same text must always give the
//! same bytes, whichever thread compressed what before. The tests hold the bytes to flate2's own
//! encoder at each level.

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use std::cell::RefCell;

/// The levels in use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    /// Search shards, fetched by residents' phones: within a few percent of level 6, at a
    /// fraction of its time.
    Index,
    /// The preview's pages, kept in memory and sent compressed: made often, read once.
    Preview,
}

impl Level {
    fn zlib(self) -> u32 {
        match self {
            Level::Index => 3,
            Level::Preview => 2,
        }
    }
}

thread_local! {
    static COMPRESSORS: RefCell<[Option<Compress>; 2]> = const { RefCell::new([None, None]) };
}

/// `bytes` as a gzip member, byte for byte what flate2's `GzBuilder` writes at that level with
/// no name and a zero modification time.
pub fn compress(bytes: &[u8], level: Level) -> Vec<u8> {
    COMPRESSORS.with_borrow_mut(|all| {
        let z = all[level as usize].get_or_insert_with(|| Compress::new(Compression::new(level.zlib()), false));
        z.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        // Magic, deflate, no flags, no time, no level hint (RFC 1952 XFL: neither fastest nor
        // best), and "unknown system" as flate2 writes it, so that every system writes the same.
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        loop {
            let read = z.total_in() as usize;
            // Into memory, with room made before each call: the compressor has no error to give.
            match z.compress_vec(&bytes[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) | Err(_) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
        let mut crc = Crc::new();
        crc.update(bytes);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn flate2_gz(bytes: &[u8], level: Level) -> Vec<u8> {
        let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), Compression::new(level.zlib()));
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    /// Words that repeat, as in a shard, and bytes that do not, so that some outputs outgrow the
    /// first guess of their size.
    fn text(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed;
        (0..n)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                if i % 3 == 0 { (x >> 16) as u8 } else { b"pfidass renoncement aux soins "[i % 29] }
            })
            .collect()
    }

    #[test]
    fn a_reused_compressor_writes_what_a_new_one_does_whatever_came_before() {
        // One thread, one compressor per level: each file follows another of a different size and
        // kind, small after large and large after small, then the first again, the two levels
        // taking turns.
        let sizes = [0, 1, 100, 5_000, 300_000, 70, 40_000, 3, 150_000, 2_000, 0, 65_536, 10];
        let inputs: Vec<Vec<u8>> = sizes.iter().enumerate().map(|(i, n)| text(*n, i as u32 + 1)).collect();
        for (i, input) in inputs.iter().chain(inputs.iter().rev()).enumerate() {
            let level = if i % 3 == 0 { Level::Preview } else { Level::Index };
            assert_eq!(
                compress(input, level),
                flate2_gz(input, level),
                "fichier {i}, {level:?}, {} octets",
                input.len()
            );
        }
    }

    #[test]
    fn what_is_compressed_reads_back() {
        let input = text(200_000, 7);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&compress(&input, Level::Index)[..]).read_to_end(&mut back).unwrap();
        assert_eq!(back, input);
    }
}
