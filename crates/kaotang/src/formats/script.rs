//! Traditional script (繁體): banks and papers rendered with OpenCC's dictionaries
//! (through `ferrous-opencc`, feature `traditional`).
//!
//! Conversion is for reading: ids, periods and letters are unchanged, and grading already
//! treats the two scripts as one ([`crate::text::fold`]), so a learner may answer in either.

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use serde::{Deserialize, Serialize};

use super::print::PrintPaper;
use crate::bank::{Bank, Blank, QuestionKind};

/// A traditional-script standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Script {
    /// OpenCC's traditional characters (zh-Hant).
    Hant,
    /// Taiwan's standard characters (zh-Hant-TW).
    HantTw,
    /// Hong Kong's standard characters (zh-Hant-HK).
    HantHk,
}

impl Script {
    /// The name used on the command line (`hant`, `hant-tw`, `hant-hk`).
    pub fn name(self) -> &'static str {
        match self {
            Script::Hant => "hant",
            Script::HantTw => "hant-tw",
            Script::HantHk => "hant-hk",
        }
    }
}

/// OpenCC's dictionaries could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("无法载入繁体转换词典：{0}")]
pub struct ScriptError(String);

/// Converts simplified text to one traditional standard.
pub struct Converter {
    cc: OpenCC,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("config", &self.cc.name())
            .finish()
    }
}

impl Converter {
    /// Loads the dictionaries for `script` (embedded in the binary; no file is read).
    ///
    /// ```
    /// use kaotang::formats::script::{Converter, Script};
    /// let cc = Converter::new(Script::HantTw).unwrap();
    /// assert_eq!(cc.text("遵义会议"), "遵義會議");
    /// ```
    pub fn new(script: Script) -> Result<Self, ScriptError> {
        let config = match script {
            Script::Hant => BuiltinConfig::S2t,
            Script::HantTw => BuiltinConfig::S2tw,
            Script::HantHk => BuiltinConfig::S2hk,
        };
        OpenCC::from_config(config)
            .map(|cc| Self { cc })
            .map_err(|e| ScriptError(e.to_string()))
    }

    /// One text.
    pub fn text(&self, s: &str) -> String {
        self.cc.convert(s)
    }

    fn all(&self, v: &[String]) -> Vec<String> {
        v.iter().map(|s| self.text(s)).collect()
    }

    fn kind(&self, k: &QuestionKind) -> QuestionKind {
        match k {
            QuestionKind::Single { options, answer } => QuestionKind::Single {
                options: self.all(options),
                answer: answer.clone(),
            },
            QuestionKind::Multiple { options, answer } => QuestionKind::Multiple {
                options: self.all(options),
                answer: answer.clone(),
            },
            QuestionKind::Judge { answer } => QuestionKind::Judge { answer: *answer },
            QuestionKind::Fill { answer } => QuestionKind::Fill {
                answer: answer.iter().map(|b| Blank(self.all(&b.0))).collect(),
            },
            QuestionKind::Order { items, answer } => QuestionKind::Order {
                items: self.all(items),
                answer: answer.clone(),
            },
            QuestionKind::Match {
                left,
                right,
                answer,
            } => QuestionKind::Match {
                left: self.all(left),
                right: self.all(right),
                answer: answer.clone(),
            },
        }
    }

    /// A whole bank: every text a reader sees (ids, periods and keys unchanged).
    pub fn bank(&self, bank: &Bank) -> Bank {
        let mut b = bank.clone();
        b.bank.title = self.text(&b.bank.title);
        for s in &mut b.bank.sources {
            s.title = self.text(&s.title);
            s.publisher = s.publisher.as_deref().map(|p| self.text(p));
        }
        for q in &mut b.questions {
            q.kind = self.kind(&q.kind);
            q.stem = self.text(&q.stem);
            q.explanation = self.text(&q.explanation);
            q.hint = q.hint.as_deref().map(|h| self.text(h));
            q.tags = self.all(&q.tags);
            q.source.chapter = q.source.chapter.as_deref().map(|c| self.text(c));
        }
        for e in &mut b.events {
            e.title = self.text(&e.title);
            e.summary = self.text(&e.summary);
            e.tags = self.all(&e.tags);
            e.source.chapter = e.source.chapter.as_deref().map(|c| self.text(c));
        }
        for r in &mut b.readings {
            r.title = self.text(&r.title);
            r.text = self.text(&r.text);
            r.tags = self.all(&r.tags);
            r.source.chapter = r.source.chapter.as_deref().map(|c| self.text(c));
        }
        b
    }

    /// A printable paper: titles, instructions and questions.
    pub fn paper(&self, paper: &PrintPaper) -> PrintPaper {
        let mut p = paper.clone();
        p.title = self.text(&p.title);
        p.subtitle = p.subtitle.as_deref().map(|s| self.text(s));
        p.instructions = self.all(&p.instructions);
        for s in &mut p.sections {
            s.title = self.text(&s.title);
            for item in &mut s.questions {
                item.question = crate::bank::Question {
                    kind: self.kind(&item.question.kind),
                    stem: self.text(&item.question.stem),
                    explanation: self.text(&item.question.explanation),
                    hint: item.question.hint.as_deref().map(|h| self.text(h)),
                    tags: self.all(&item.question.tags),
                    ..item.question.clone()
                };
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn the_three_standards_differ_where_they_should() {
        let hant = Converter::new(Script::Hant).unwrap();
        let tw = Converter::new(Script::HantTw).unwrap();
        let hk = Converter::new(Script::HantHk).unwrap();
        assert_eq!(
            hant.text("中国共产党第一次全国代表大会"),
            "中國共產黨第一次全國代表大會"
        );
        // OpenCC's default forms, Taiwan's and Hong Kong's differ on 里, 为, 说, 众.
        assert_eq!(hant.text("人民群众里"), "人民羣衆裏");
        assert_eq!(tw.text("人民群众里"), "人民群眾裡");
        assert_eq!(hk.text("人民群众里"), "人民羣眾裏");
        assert_eq!(
            [hant.text("说明为"), tw.text("说明为"), hk.text("说明为")],
            ["說明爲", "說明為", "説明為"]
        );
        // Grading folds both scripts to one.
        for cc in [&hant, &tw, &hk] {
            let s = "解放思想、实事求是的思想路线";
            assert_eq!(fold(&cc.text(s)), fold(s));
        }
    }
}
