//! A small located tree over `granit-parser` events.
//!
//! Serde stops at the first problem; authors want every problem with its line and column. So
//! bank files are read as a stream of parser events: the top-level mapping is walked directly,
//! and each item of a top-level list is built into a small [`Node`] tree, checked, converted and
//! dropped before the next, so memory stays proportional to one item. Anchors and aliases are
//! refused (banks never need them, and they are how "billion laughs" bombs work), nesting is
//! capped, and so is the input size.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use super::diagnostic::{Code, Pos};

/// Largest bank file accepted (bytes).
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;
/// Deepest nesting accepted. A question is at depth 4 or 5 at most.
pub const MAX_DEPTH: usize = 16;

/// Why a file of `len` bytes is refused.
pub(crate) fn too_large(len: u64) -> String {
    format!("文件过大（{len} 字节），上限为 {MAX_INPUT_BYTES} 字节（256 MiB）")
}

/// A parsed value with the position of its first character.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub pos: Pos,
    pub value: Value<'a>,
}

/// The shape of a [`Node`].
#[derive(Debug, Clone)]
pub(crate) enum Value<'a> {
    /// A scalar; `plain` when unquoted (only plain scalars can be booleans, numbers or null).
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// Null (`~`, `null` or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a non-null scalar.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    /// A plain `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar { text, plain: true } => match text.as_ref() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A plain decimal integer.
    pub fn as_int(&self) -> Option<i64> {
        match &self.value {
            Value::Scalar { text, plain: true } => text.parse().ok(),
            _ => None,
        }
    }

    /// What kind of value this is, in Chinese, for messages.
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "空值",
            Value::Scalar { .. } => "标量",
            Value::Seq(_) => "列表",
            Value::Map(_) => "映射",
        }
    }
}

/// A problem that stops reading the file.
#[derive(Debug, Clone)]
pub(crate) struct Fatal {
    pub pos: Pos,
    pub code: Code,
    pub message: String,
}

fn pos_of(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
    }
}

/// Reads one YAML (or JSON) document as events.
pub(crate) struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    last: Pos,
}

/// How the top-level mapping is consumed: `on_entry` gets each key; for keys it wants streamed
/// it returns true and then receives each list item through `on_item`.
pub(crate) trait Visitor<'a> {
    /// Called once with each top-level key. Return true to stream its value (a list) item by
    /// item.
    fn stream(&mut self, key: &Node<'a>) -> bool;
    /// A whole top-level value that is not streamed.
    fn value(&mut self, key: Node<'a>, value: Node<'a>);
    /// One item of a streamed list.
    fn item(&mut self, key: &str, item: Node<'a>);
    /// A streamed key whose value is not a list.
    fn not_a_list(&mut self, key: &Node<'a>, value: Node<'a>);
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Result<Self, Fatal> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(Fatal {
                pos: Pos { line: 1, column: 1 },
                code: Code::Refused,
                message: too_large(text.len() as u64),
            });
        }
        Ok(Self {
            parser: Parser::new_from_str(text),
            last: Pos { line: 1, column: 1 },
        })
    }

    /// The next data event, skipping comments and refusing anchors, aliases and tags.
    fn next(&mut self) -> Result<(Event<'a>, Pos), Fatal> {
        loop {
            let Some(res) = self.parser.next_event() else {
                return Err(Fatal {
                    pos: self.last,
                    code: Code::Syntax,
                    message: "文件意外结束".into(),
                });
            };
            let (ev, span) = res.map_err(|e| {
                let m = e.marker();
                let kind = e.kind().to_string();
                // The parser's own nesting limit comes before ours in flow collections.
                let (code, message) = if kind.contains("recursion limit") {
                    (Code::Refused, format!("嵌套过深（超过 {MAX_DEPTH} 层）"))
                } else {
                    (Code::Syntax, format!("YAML 语法错误：{kind}"))
                };
                Fatal {
                    pos: Pos {
                        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
                        column: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
                    },
                    code,
                    message,
                }
            })?;
            let pos = pos_of(&span);
            self.last = pos;
            let refuse = |what: &str| Fatal {
                pos,
                code: Code::Refused,
                message: format!("题库文件不支持{what}"),
            };
            match &ev {
                Event::Alias(_) | Event::UnresolvedAlias(_) => return Err(refuse("别名（*）")),
                Event::Scalar(_, _, anchor, tag)
                | Event::SequenceStart(_, anchor, tag)
                | Event::MappingStart(_, anchor, tag) => {
                    if *anchor != 0 {
                        return Err(refuse("锚点（&）"));
                    }
                    if tag.is_some() {
                        return Err(refuse("标签（!）"));
                    }
                    return Ok((ev, pos));
                }
                Event::StreamStart
                | Event::StreamEnd
                | Event::DocumentStart(..)
                | Event::DocumentEnd
                | Event::SequenceEnd
                | Event::MappingEnd => return Ok((ev, pos)),
                _ => continue, // comments and other presentation metadata
            }
        }
    }

    /// Builds the node that starts with `first`.
    fn node(&mut self, first: (Event<'a>, Pos), depth: usize) -> Result<Node<'a>, Fatal> {
        let (ev, pos) = first;
        if depth > MAX_DEPTH {
            return Err(Fatal {
                pos,
                code: Code::Refused,
                message: format!("嵌套超过 {MAX_DEPTH} 层"),
            });
        }
        let value = match ev {
            Event::Scalar(text, style, ..) => Value::Scalar {
                text,
                plain: style == ScalarStyle::Plain,
            },
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                loop {
                    let next = self.next()?;
                    if matches!(next.0, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(next, depth + 1)?);
                }
                Value::Seq(items)
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                loop {
                    let next = self.next()?;
                    if matches!(next.0, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(next, depth + 1)?;
                    let v = self.next()?;
                    let value = self.node(v, depth + 1)?;
                    entries.push((key, value));
                }
                Value::Map(entries)
            }
            _ => {
                return Err(Fatal {
                    pos,
                    code: Code::Syntax,
                    message: "意外的 YAML 结构".into(),
                });
            }
        };
        Ok(Node { pos, value })
    }

    /// Walks a whole document whose top level must be a mapping.
    pub fn read(mut self, visitor: &mut impl Visitor<'a>) -> Result<(), Fatal> {
        let (ev, pos) = self.next()?;
        if !matches!(ev, Event::StreamStart) {
            return Err(Fatal {
                pos,
                code: Code::Syntax,
                message: "无法读取文件开头".into(),
            });
        }
        let (ev, pos) = self.next()?;
        match ev {
            Event::StreamEnd => {
                return Err(Fatal {
                    pos,
                    code: Code::MissingField,
                    message: "文件为空，缺少 bank 字段".into(),
                });
            }
            Event::DocumentStart(..) => {}
            _ => {
                return Err(Fatal {
                    pos,
                    code: Code::Syntax,
                    message: "无法读取文件开头".into(),
                });
            }
        }
        let (ev, pos) = self.next()?;
        if !matches!(ev, Event::MappingStart(..)) {
            let node = self.node((ev, pos), 0)?;
            return Err(Fatal {
                pos,
                code: Code::WrongShape,
                message: format!(
                    "题库文件的顶层应为映射（bank、questions …），实际为{}",
                    node.describe()
                ),
            });
        }
        loop {
            let next = self.next()?;
            if matches!(next.0, Event::MappingEnd) {
                break;
            }
            let key = self.node(next, 1)?;
            let (ev, vpos) = self.next()?;
            let streamed = visitor.stream(&key);
            if streamed && matches!(ev, Event::SequenceStart(..)) {
                let name = key.as_text().unwrap_or_default().to_owned();
                loop {
                    let next = self.next()?;
                    if matches!(next.0, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.node(next, 2)?;
                    visitor.item(&name, item);
                }
            } else if streamed {
                let value = self.node((ev, vpos), 1)?;
                visitor.not_a_list(&key, value);
            } else {
                let value = self.node((ev, vpos), 1)?;
                visitor.value(key, value);
            }
        }
        let (ev, pos) = self.next()?;
        if !matches!(ev, Event::DocumentEnd) {
            return Err(Fatal {
                pos,
                code: Code::Syntax,
                message: "文档结构不完整".into(),
            });
        }
        let (ev, pos) = self.next()?;
        match ev {
            Event::StreamEnd => Ok(()),
            _ => Err(Fatal {
                pos,
                code: Code::Refused,
                message: "一个题库文件只能包含一个 YAML 文档".into(),
            }),
        }
    }
}
