//! `petrochip draft`'s arguments and what it prints.

use std::path::PathBuf;
use std::process::ExitCode;

use petrochip_text::NumberStyle;
use petrochip_text::scan::Kind;

use super::{Lang, LangChoice, Outcome, Request};

/// Draft a source folder from a text: every figure, date, period and name found, with exact
/// offsets, for an analyst to review.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes source.csv, figures.csv, mentions.csv (the sheets of a source, blanks left for the analyst) and spans.csv (every finding, with offsets). Once reviewed, move the folder to <raw>/sources/<source_id>/ and `petrochip run` reads it (it ignores spans.csv). Exit codes: 0 written, 1 the text, --out or --raw cannot be used (nothing written), 2 usage error."
)]
pub struct DraftArgs {
    /// The source's text: a UTF-8 file, one paragraph a line.
    pub article: PathBuf,
    /// The source's id: lower-case ASCII letters, digits and _, starting with a letter.
    #[arg(long, value_parser = source_id)]
    pub source_id: String,
    /// The text's language; decided from the text when not given.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// How the text writes numbers (fr, fr_dot, en); by default from the language, and fr_dot
    /// for French text that groups thousands with dots ("3.300 milliards").
    #[arg(long, value_parser = number_style)]
    pub number_style: Option<NumberStyle>,
    /// The folder to write; default drafts/<source_id>.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The folder of the analyst's sheets, whose entities and metrics the draft uses.
    #[arg(long, default_value = "raw")]
    pub raw: PathBuf,
    /// Replace --out when it holds an earlier draft.
    #[arg(long)]
    pub force: bool,
}

fn source_id(text: &str) -> Result<String, String> {
    let mut chars = text.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(text.to_string())
    } else {
        Err("a source_id is lower-case ASCII letters, digits and _, starting with a letter (it names the source's folder)".into())
    }
}

fn number_style(text: &str) -> Result<NumberStyle, String> {
    NumberStyle::from_code(text).ok_or_else(|| "use fr, fr_dot or en".to_string())
}

impl DraftArgs {
    pub fn request(self) -> Request {
        let out = self
            .out
            .unwrap_or_else(|| PathBuf::from("drafts").join(&self.source_id));
        Request {
            article: self.article,
            source_id: self.source_id,
            lang: self.lang,
            style: self.number_style,
            out,
            raw: self.raw,
            force: self.force,
        }
    }
}

/// Runs the command: the summary on stdout, a problem on stderr with exit 1.
pub fn command(args: DraftArgs, quiet: bool) -> ExitCode {
    let request = args.request();
    match super::run(&request) {
        Ok(outcome) => {
            if !quiet {
                // A closed pipe (petrochip draft … | head) is no error.
                use std::io::Write as _;
                let _ = std::io::stdout().write_all(summary(&request, &outcome).as_bytes());
            }
            ExitCode::SUCCESS
        }
        Err(super::DraftError::Raw(error)) => {
            eprint!("{}", error.report());
            eprintln!(
                "A draft finds names with the entities of {}/, which must read; nothing was written.",
                request.raw.display()
            );
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("Nothing was written.");
            ExitCode::from(1)
        }
    }
}

/// What a person reads after a draft: the language chosen, what was found, what is left to do.
pub fn summary(request: &Request, outcome: &Outcome) -> String {
    let draft = &outcome.draft;
    let mut out = String::new();
    let lang = match &draft.lang_choice {
        LangChoice::Given => format!("language {} (given)", draft.lang.code()),
        LangChoice::Detected { french, english } => format!(
            "language {} (decided from the text: {french} French and {english} English function words; --lang overrides)",
            draft.lang.code()
        ),
    };
    out.push_str(&format!(
        "petrochip draft: {}, {lang}, numbers read as {}\n",
        request.article.display(),
        draft.style.code()
    ));
    let figures: usize = Kind::ALL
        .iter()
        .filter(|k| k.is_figure())
        .map(|k| draft.count(*k))
        .sum();
    let by_kind: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| k.is_figure() && draft.count(**k) > 0)
        .map(|k| format!("{} {}", draft.count(*k), k.code()))
        .collect();
    out.push_str(&format!(
        "  {figures} figures ({})\n",
        if by_kind.is_empty() {
            "none".to_string()
        } else {
            by_kind.join(", ")
        }
    ));
    let refused = draft
        .figures
        .iter()
        .filter(|f| f.figure_id.contains("_refused"))
        .count();
    if refused > 0 {
        out.push_str(&format!(
            "  {refused} written figures not read in the {} style (rows whose note says why; retype their value)\n",
            draft.style.code()
        ));
    }
    out.push_str(&format!(
        "  {} dates, {} periods\n",
        draft.count(Kind::Date),
        draft.count(Kind::Period)
    ));
    out.push_str(&format!(
        "  {} names of known entities ({} mentions), {} new names\n",
        draft.count(Kind::Entity),
        draft.mentions.len(),
        draft.count(Kind::NewName)
    ));
    out.push_str(&format!(
        "  {} paragraphs, {} without any finding{}\n",
        draft.paragraphs,
        draft.silent.len(),
        if draft.silent.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                draft
                    .silent
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    out.push_str(&format!(
        "wrote {}/ (source.csv, figures.csv, mentions.csv, spans.csv)\n",
        outcome.out.display()
    ));
    let mut todo = vec!["source.csv: publisher (an entity)".to_string()];
    if draft.source.published_on.is_none() {
        todo.push("source.csv: published_on (no dated byline or dateline found)".into());
    }
    if !draft.unknown_authors.is_empty() {
        todo.push(format!(
            "source.csv: the byline's {} are not persons of {}/entities.csv: add them",
            draft.unknown_authors.join(", "),
            outcome.raw.display()
        ));
    }
    let blank_subjects = draft
        .figures
        .iter()
        .filter(|f| f.subject.is_empty())
        .count();
    let blank_metrics = draft.figures.iter().filter(|f| f.metric.is_empty()).count();
    if !draft.figures.is_empty() {
        todo.push(format!(
            "figures.csv: check every row; fill {blank_subjects} subjects and {blank_metrics} metrics, delete rows that are not facts"
        ));
    }
    if draft.count(Kind::NewName) > 0 {
        todo.push(format!(
            "new names (spans.csv, kind new_name): add those that matter to {}/entities.csv",
            outcome.raw.display()
        ));
    }
    out.push_str("to do before moving it to ");
    out.push_str(&format!(
        "{}/sources/{}/:\n",
        outcome.raw.display(),
        request.source_id
    ));
    for line in todo {
        out.push_str(&format!("  - {line}\n"));
    }
    out
}
