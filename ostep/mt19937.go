package ostep

// pyRandom reproduces CPython's random.random() after random.seed(n) for an
// integer n: the reference MT19937 generator (mt19937ar), seeded with
// init_by_array on the 32-bit words of abs(n), least significant first, and
// 53-bit floats built from two consecutive outputs. Go's math/rand produces
// different numbers, so it cannot stand in for this.
//
// A pyRandom is a plain value owned by one simulation run; it is not safe for
// concurrent use.
type pyRandom struct {
	mt  [mtN]uint32
	idx int
}

const (
	mtN         = 624
	mtM         = 397
	mtMatrixA   = 0x9908b0df
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
)

// newPyRandom returns a generator in the state random.seed(seed) leaves
// CPython's generator in.
func newPyRandom(seed int64) *pyRandom { return intOf(seed).rng() }

// initGenrand is mt19937ar's init_genrand.
func (r *pyRandom) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < mtN; i++ {
		prev := r.mt[i-1]
		r.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.idx = mtN
}

// initByArray is mt19937ar's init_by_array.
func (r *pyRandom) initByArray(key []uint32) {
	r.initGenrand(19650218)
	i, j := 1, 0
	k := max(mtN, len(key))
	for ; k > 0; k-- {
		prev := r.mt[i-1]
		r.mt[i] = (r.mt[i] ^ ((prev ^ (prev >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= mtN {
			r.mt[0] = r.mt[mtN-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = mtN - 1; k > 0; k-- {
		prev := r.mt[i-1]
		r.mt[i] = (r.mt[i] ^ ((prev ^ (prev >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= mtN {
			r.mt[0] = r.mt[mtN-1]
			i = 1
		}
	}
	r.mt[0] = 0x80000000
}

// uint32 is mt19937ar's genrand_int32.
func (r *pyRandom) uint32() uint32 {
	if r.idx >= mtN {
		r.twist()
	}
	y := r.mt[r.idx]
	r.idx++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// twist regenerates the whole state block.
func (r *pyRandom) twist() {
	mag := func(y uint32) uint32 { return (y & 1) * mtMatrixA }
	var kk int
	for kk = 0; kk < mtN-mtM; kk++ {
		y := (r.mt[kk] & mtUpperMask) | (r.mt[kk+1] & mtLowerMask)
		r.mt[kk] = r.mt[kk+mtM] ^ (y >> 1) ^ mag(y)
	}
	for ; kk < mtN-1; kk++ {
		y := (r.mt[kk] & mtUpperMask) | (r.mt[kk+1] & mtLowerMask)
		r.mt[kk] = r.mt[kk+(mtM-mtN)] ^ (y >> 1) ^ mag(y)
	}
	y := (r.mt[mtN-1] & mtUpperMask) | (r.mt[0] & mtLowerMask)
	r.mt[mtN-1] = r.mt[mtM-1] ^ (y >> 1) ^ mag(y)
	r.idx = 0
}

// random is Python's random.random(): a float in [0, 1) with 53 random bits.
func (r *pyRandom) random() float64 {
	a := r.uint32() >> 5
	b := r.uint32() >> 6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}
