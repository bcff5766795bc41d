package server

import (
	"bytes"
	"path"
)

// stripDocComments returns a module's bytes without its doc comments, the
// largest part of the front end's text after its code (about 70 KB of
// gzip across web/js; issue 14, part 6, page weight). The repository keeps
// them; the browser does not need them.
//
// It removes only what cannot be anything but a comment, without parsing
// JavaScript: each whole-line comment indented by spaces or tabs, and a
// run of lines that each begin with "//" in column 0 and
// hold no "*/" and no backtick, that follows a blank line (or starts the
// file) and is followed by a blank line or a line that begins a top-level
// declaration ("export ", "function ", "async function ", "const ",
// "let ", "class ", "import "). Each removed line stays as an empty line,
// so line numbers in the browser's errors still match the source. A line
// is a candidate only where a scan of the file (lineStartsInCode) finds it
// starts in code, not inside a template literal or a block comment; a
// file the scan cannot follow to its end is returned as it is, as are
// files other than .js.
func stripDocComments(name string, body []byte) []byte {
	if path.Ext(name) != ".js" {
		return body
	}
	lines := bytes.Split(body, []byte("\n"))
	inCode, ok := lineStartsInCode(body, len(lines))
	if !ok {
		return body
	}
	for i := 0; i < len(lines); {
		if indentedCommentLine(lines[i]) && inCode[i] {
			lines[i] = nil
			i++
			continue
		}
		if !commentLine(lines[i]) || !inCode[i] || (i > 0 && len(lines[i-1]) != 0) {
			i++
			continue
		}
		j := i
		for j < len(lines) && commentLine(lines[j]) {
			j++
		}
		if j == len(lines) || (inCode[j] && (len(lines[j]) == 0 || startsDeclaration(lines[j]))) {
			for k := i; k < j; k++ {
				lines[k] = nil
			}
		}
		i = j
	}
	return bytes.Join(lines, []byte("\n"))
}

// commentLine reports whether line is a whole-line comment in column 0
// that stripDocComments may remove.
func commentLine(line []byte) bool {
	return bytes.HasPrefix(line, []byte("//")) && !bytes.Contains(line, []byte("*/")) && !bytes.ContainsRune(line, '`')
}

// indentedCommentLine reports whether line is a whole-line comment after
// spaces or tabs (inside a function or a block) that stripDocComments may
// remove: where its line starts in code, nothing but a comment can start
// with "//" after blanks (a string or a regular expression does not run
// over a line's end; a template literal is the scan's to follow).
func indentedCommentLine(line []byte) bool {
	rest := bytes.TrimLeft(line, " \t")
	return len(rest) < len(line) && commentLine(rest)
}

// startsDeclaration reports whether line begins a top-level declaration.
func startsDeclaration(line []byte) bool {
	for _, p := range []string{"export ", "function ", "async function ", "const ", "let ", "class ", "import "} {
		if bytes.HasPrefix(line, []byte(p)) {
			return true
		}
	}
	return false
}

// lineStartsInCode scans a module and reports, for each of its n lines,
// whether the line starts in code: not inside a string, a template
// literal, a comment or a regular expression. It follows quotes, template
// literals with their ${...} nesting, both kinds of comment, and regular
// expressions (a "/" where an operand is expected, judged by the code
// before it). ok is false when the scan does not end in code, with
// nothing open: the file is then one the scan could not follow.
func lineStartsInCode(src []byte, n int) (inCode []bool, ok bool) {
	const (
		code = iota
		single
		double
		template
		lineComment
		blockComment
		regex
	)
	inCode = make([]bool, 0, n)
	inCode = append(inCode, true)
	state, depth := code, 0
	var holes []int // the brace depth at each open ${ of a template literal
	inClass := false
	var prev byte // the last byte of code that is not a space
	var word []byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			if state == lineComment {
				state = code
			}
			inCode = append(inCode, state == code)
			continue
		}
		switch state {
		case code:
			switch {
			case c == '\'':
				state = single
			case c == '"':
				state = double
			case c == '`':
				state = template
			case c == '/' && i+1 < len(src) && src[i+1] == '/':
				state = lineComment
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				state, i = blockComment, i+1
			case c == '/' && operandExpected(prev, word):
				state, inClass = regex, false
			case c == '{':
				depth++
			case c == '}':
				if len(holes) > 0 && holes[len(holes)-1] == depth {
					holes = holes[:len(holes)-1]
					state = template
				} else {
					depth--
				}
			}
			if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				word = append(word, c)
			} else if c != ' ' && c != '\t' && c != '\r' {
				word = word[:0]
			}
			if c != ' ' && c != '\t' && c != '\r' && state == code {
				prev = c
			}
		case single, double:
			if c == '\\' {
				i++
			} else if (state == single && c == '\'') || (state == double && c == '"') {
				state, prev, word = code, 'a', word[:0]
			}
		case template:
			if c == '\\' {
				i++
			} else if c == '`' {
				state, prev, word = code, 'a', word[:0]
			} else if c == '$' && i+1 < len(src) && src[i+1] == '{' {
				holes = append(holes, depth)
				state, i, prev, word = code, i+1, '{', word[:0]
			}
		case blockComment:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				state, i = code, i+1
			}
		case regex:
			switch {
			case c == '\\':
				i++
			case c == '[':
				inClass = true
			case c == ']':
				inClass = false
			case c == '/' && !inClass:
				state, prev, word = code, 'a', word[:0]
			}
		}
	}
	return inCode, len(inCode) == n && (state == code || state == lineComment) && len(holes) == 0 && depth == 0
}

// operandExpected reports whether a "/" after prev (the last byte of code
// that is not a space) and word (the identifier or number that ends
// there, if any) begins a regular expression rather than a division.
func operandExpected(prev byte, word []byte) bool {
	if len(word) > 0 {
		switch string(word) {
		case "return", "typeof", "case", "of", "in", "do", "else", "void", "throw", "new", "delete", "instanceof", "yield", "await":
			return true
		}
		return false
	}
	return prev == 0 || bytes.IndexByte([]byte("(,=:[!&|?{};+-*%<>~^"), prev) >= 0
}
