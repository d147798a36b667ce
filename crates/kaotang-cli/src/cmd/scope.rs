//! Which questions a command uses: `--period`, `--tag`, `--type`.

use clap::Args;
use kaotang::bank::{BankSet, Period, QuestionFilter, QuestionType};

use super::bank::parse_period;
use crate::error::CliError;

/// Period, tag and type flags, shared by every command that draws questions.
#[derive(Debug, Clone, Default, Args)]
pub struct Scope {
    /// 只用这个时期的题（可多次给出；可写其中几个字，如“改革开放”“新时代”）
    #[arg(long = "period", value_parser = parse_period, value_name = "时期")]
    pub periods: Vec<Period>,
    /// 只用带这个标签的题（可多次给出，任一即可）
    #[arg(long = "tag", value_name = "标签")]
    pub tags: Vec<String>,
    /// 只用这种题型（single、multiple、judge、fill、order、match 或单选、判断等；可多次给出）
    #[arg(long = "type", value_parser = parse_type, value_name = "题型")]
    pub types: Vec<QuestionType>,
}

impl Scope {
    /// The filter these flags describe.
    pub fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            types: self.types.clone(),
            periods: self.periods.clone(),
            tags: self.tags.clone(),
            ..QuestionFilter::default()
        }
    }

    /// Refuses, the same way in every command, a session that could hold no question: a
    /// `count` of 0, or flags that match nothing in `banks`.
    pub fn require(&self, banks: &BankSet, count: Option<usize>) -> Result<(), CliError> {
        if count == Some(0) {
            return Err(CliError::NoQuestions(
                "--count 为 0：没有可作答的题目，请给出至少 1 道".to_owned(),
            ));
        }
        // An unknown tag is named with the close ones, not just "no questions".
        if let Some(tag) = self.tags.iter().find(|t| banks.tagged(t).is_empty()) {
            let close: Vec<String> = banks
                .similar_tags(tag, 5)
                .into_iter()
                .map(|(t, n)| format!("{t}（{n} 题）"))
                .collect();
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!("相近的标签：{}。", close.join("、"))
            };
            return Err(CliError::NoQuestions(format!(
                "题库中没有带标签“{tag}”的题目。{hint}用 kaotang bank tags 查看全部标签"
            )));
        }
        if banks.select(&self.filter()).is_empty() {
            return Err(CliError::NoQuestions(
                "题库中没有符合条件的题目（检查 --period、--tag、--type）".to_owned(),
            ));
        }
        Ok(())
    }
}

fn parse_type(s: &str) -> Result<QuestionType, String> {
    QuestionType::from_key(s)
        .or_else(|| {
            QuestionType::ALL
                .into_iter()
                .find(|t| t.label().trim_end_matches('题') == s.trim_end_matches('题'))
        })
        .ok_or_else(|| format!("未知题型“{s}”，应为 single、multiple、judge、fill、order 或 match"))
}
