//! The parse cache's binary encoding: LEB128 integers, length-prefixed
//! strings and sequences, one tag byte for `Option`s and the closed
//! vocabularies, and [`Codec`], which each stored type implements.
//!
//! Decoding is checked: a truncated or damaged entry gives `None` (the file
//! is then parsed again), never a panic or a wrong value of another type.

use std::collections::BTreeMap;

/// Bytes being read, and how far.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// One byte.
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    /// How many bytes are left.
    pub fn remaining(&self) -> usize {
        self.bytes.len()
    }

    /// The next `len` bytes, skipped.
    pub fn skip(&mut self, len: usize) -> Option<&'a [u8]> {
        self.slice(len)
    }

    fn slice(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(head)
    }

    /// A LEB128 number (at most ten bytes, no bits past the 64th).
    pub fn u64(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            value |= bits << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A length, no longer than what is left (so a damaged length cannot
    /// ask for a huge allocation).
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }

    /// A length-prefixed string, checked to be UTF-8.
    pub fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        std::str::from_utf8(self.slice(len)?).ok()
    }
}

/// Writes `v` as LEB128.
pub(crate) fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes `s`, length first.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A value the parse cache stores.
pub(crate) trait Codec: Sized {
    /// Appends the value's encoding.
    fn put(&self, out: &mut Vec<u8>);
    /// Reads a value back; `None` if the bytes do not hold one.
    fn take(r: &mut Reader) -> Option<Self>;
}

/// Encodes `value` on its own.
#[cfg(test)]
pub(crate) fn encode<T: Codec>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.put(&mut out);
    out
}

/// Decodes a value that must fill `bytes` exactly.
#[cfg(test)]
pub(crate) fn decode<T: Codec>(bytes: &[u8]) -> Option<T> {
    let mut r = Reader::new(bytes);
    let v = T::take(&mut r)?;
    r.is_empty().then_some(v)
}

impl Codec for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_u64(out, *self);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        r.u64()
    }
}

impl Codec for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_u64(out, u64::from(*self));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        u32::try_from(r.u64()?).ok()
    }
}

impl Codec for usize {
    fn put(&self, out: &mut Vec<u8>) {
        put_u64(out, *self as u64);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        usize::try_from(r.u64()?).ok()
    }
}

impl Codec for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Codec for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_str(out, self);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        r.str().map(str::to_owned)
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(None),
            1 => T::take(r).map(Some),
            _ => None,
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_u64(out, self.len() as u64);
        for v in self {
            v.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        // Every value takes at least one byte, so `len` is at most the
        // bytes left; the space reserved up front is bounded in bytes too,
        // so that a damaged length cannot ask for more memory than the
        // cache file holds.
        let len = r.len()?;
        let room = r.remaining() / std::mem::size_of::<T>().max(1);
        let mut out = Vec::with_capacity(len.min(room));
        for _ in 0..len {
            out.push(T::take(r)?);
        }
        Some(out)
    }
}

impl<A: Codec, B: Codec> Codec for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some((A::take(r)?, B::take(r)?))
    }
}

impl<K: Codec + Ord, V: Codec> Codec for BTreeMap<K, V> {
    fn put(&self, out: &mut Vec<u8>) {
        put_u64(out, self.len() as u64);
        for (k, v) in self {
            k.put(out);
            v.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let len = r.len()?;
        let mut out = BTreeMap::new();
        for _ in 0..len {
            let k = K::take(r)?;
            let v = V::take(r)?;
            out.insert(k, v);
        }
        // A repeated key would have overwritten a value: not an encoding.
        (out.len() == len).then_some(out)
    }
}

/// `Codec` for a closed vocabulary with `ALL`: its index there.
macro_rules! codec_vocabulary {
    ($($ty:ty),+ $(,)?) => {$(
        impl Codec for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let i = <$ty>::ALL.iter().position(|k| k == self).unwrap_or_default();
                out.push(i as u8);
            }
            fn take(r: &mut Reader) -> Option<Self> {
                <$ty>::ALL.get(usize::from(r.byte()?)).copied()
            }
        }
    )+};
}
pub(crate) use codec_vocabulary;

/// `Codec` for a struct, field by field in the order listed. Every field
/// must be listed: the decoder builds the struct from them alone, so a
/// field added to the struct and not here does not compile.
macro_rules! codec_struct {
    ($ty:ty { $($field:ident),+ $(,)? }) => {
        impl Codec for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                $( self.$field.put(out); )+
            }
            fn take(r: &mut Reader) -> Option<Self> {
                Some(Self { $( $field: Codec::take(r)?, )+ })
            }
        }
    };
}
pub(crate) use codec_struct;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_at_every_width() {
        for v in [
            0u64,
            1,
            127,
            128,
            300,
            u32::MAX as u64,
            u64::MAX - 1,
            u64::MAX,
        ] {
            assert_eq!(decode::<u64>(&encode(&v)), Some(v));
        }
        assert_eq!(encode(&127u64).len(), 1);
        assert_eq!(encode(&128u64).len(), 2);
        assert_eq!(encode(&u64::MAX).len(), 10);
    }

    #[test]
    fn damaged_bytes_decode_to_nothing() {
        // Eleven continuation bytes, and a tenth byte with bits past the 64th.
        assert_eq!(decode::<u64>(&[0xff; 11]), None);
        let mut past = vec![0xff; 9];
        past.push(0x02);
        assert_eq!(decode::<u64>(&past), None);
        // A value too large for `u32`.
        assert_eq!(decode::<u32>(&encode(&(u32::MAX as u64 + 1))), None);
        // A string longer than the bytes left, and one that is not UTF-8.
        assert_eq!(decode::<String>(&[5, b'a']), None);
        assert_eq!(decode::<String>(&[2, 0xc3, 0x28]), None);
        // Tags other than 0 and 1.
        assert_eq!(decode::<bool>(&[2]), None);
        assert_eq!(decode::<Option<u64>>(&[7, 1]), None);
        // A sequence claiming more items than there are bytes.
        assert_eq!(decode::<Vec<u64>>(&[200, 1]), None);
        // Trailing bytes.
        assert_eq!(decode::<u64>(&[1, 2]), None);
        // A map with a repeated key.
        let mut twice = Vec::new();
        put_u64(&mut twice, 2);
        for _ in 0..2 {
            put_str(&mut twice, "k");
            put_u64(&mut twice, 1);
        }
        assert_eq!(decode::<BTreeMap<String, u64>>(&twice), None);
    }

    #[test]
    fn containers_round_trip() {
        let v: Vec<(String, Option<bool>)> = vec![
            ("é🦀".into(), Some(true)),
            (String::new(), None),
            ("x".into(), Some(false)),
        ];
        assert_eq!(decode::<Vec<(String, Option<bool>)>>(&encode(&v)), Some(v));
        let m: BTreeMap<String, Vec<u32>> =
            [("a".to_owned(), vec![1, 2]), ("b".to_owned(), vec![])].into();
        assert_eq!(decode::<BTreeMap<String, Vec<u32>>>(&encode(&m)), Some(m));
    }
}
