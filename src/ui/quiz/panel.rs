//! The quiz's panel: the level and seed, the four questions as tabs (each
//! with its score once checked), the answers, and the marks with the
//! reason for every wrong one.

use super::{Action, QuizState};
use crate::core::quiz::{Item, Kind, Mark, Marking, Pick};
use crate::ui::state::{Action as AppAction, AppState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuizProps {
    pub quiz: QuizState,
    pub dispatch: UseReducerDispatcher<AppState>,
}

fn tab_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Lamport => "Lamport",
        Kind::Vector => "Vector",
        Kind::Concurrent => "Concurrent",
        Kind::Order => "Order",
    }
}

fn word(kind: Kind) -> &'static str {
    match kind {
        Kind::Lamport => "lamport",
        Kind::Vector => "vector",
        Kind::Concurrent => "concurrent",
        Kind::Order => "order",
    }
}

#[component]
pub fn QuizPanel(p: &QuizProps) -> Html {
    let q = &p.quiz;
    let send = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Quiz(a.clone())))
    };
    let level = q.quiz.level;
    let question = q.quiz.questions.iter().find(|x| x.kind == q.tab);
    let check = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Quiz(Action::Check(super::now()))))
    };
    html! {
        <section class="quiz" data-quiz="" data-quiz-seed={q.quiz.seed.to_string()} data-quiz-level={level.number().to_string()} aria-label="Quiz">
            <div class="lesson-head">
                <h2 class="lesson-title">{ format!("Quiz · level {} · seed {}", level.number(), q.quiz.seed) }</h2>
                <button id="quiz-close" class="dismiss" onclick={send(Action::Close)} aria-label="Close the quiz"
                        title="Close the quiz: your own diagram comes back">{"×"}</button>
            </div>
            <div class="quiz-tabs" role="tablist">
                { for crate::core::quiz::Kind::ALL.into_iter().map(|k| {
                    let score = q.marking.as_ref().map(|m| m.score(k));
                    let text = match score {
                        Some(s) => format!("{} {}/{}", tab_name(k), s.right, s.total),
                        None => tab_name(k).to_string(),
                    };
                    html! { <button role="tab" class={classes!("quiz-tab", (k == q.tab).then_some("current"))}
                                    data-quiz-tab={word(k)} aria-selected={(k == q.tab).to_string()}
                                    onclick={send(Action::Tab(k))}>{ text }</button> }
                }) }
            </div>
            if let Some(question) = question {
                <p class="lesson-question" data-quiz-question={word(q.tab)}>{ question.ask.clone() }</p>
            }
            { answers(p) }
            <div class="quiz-actions">
                <button id="quiz-check" class="primary" onclick={check}>{"Check my answers"}</button>
                { score(p) }
            </div>
        </section>
    }
}

fn answers(p: &QuizProps) -> Html {
    let q = &p.quiz;
    let trace = &q.quiz.trace;
    let marking = q.marking.as_deref();
    match q.tab {
        Kind::Lamport | Kind::Vector => {
            let kind = q.tab;
            let marks: Option<&Vec<Item<Mark>>> =
                marking.map(|m| if kind == Kind::Lamport { &m.lamport } else { &m.vector });
            html! {
                <div class="quiz-fields">
                    { for (0..trace.process_count() as u32).map(|proc| html! {
                        <div class="quiz-process">
                            { for trace.process_events(proc).iter().map(|&e| {
                                let id = trace.event_id(e).to_string();
                                let mark = marks.and_then(|ms| ms.iter().find(|i| i.event == id)).map(|i| &i.mark);
                                field(p, kind, &id, mark)
                            }) }
                        </div>
                    }) }
                </div>
            }
        }
        Kind::Concurrent => {
            let picked: Vec<String> = q.given.concurrent.iter().cloned().collect();
            html! {
                <div class="quiz-picks">
                    <p class="lesson-how">{"Click events on the diagram to mark them (click again to unmark). Marked: "}
                        <span data-quiz-picked="">{ if picked.is_empty() { "none yet".to_string() } else { picked.join(", ") } }</span></p>
                    if let Some(m) = marking {
                        <ul class="quiz-marks">{ for m.concurrent.iter().filter(|i| !i.mark.is_right()).map(pick_mark) }</ul>
                    }
                </div>
            }
        }
        Kind::Order => {
            let order = q.given.order.join(" → ");
            let send = |all: bool| {
                let d = p.dispatch.clone();
                Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Quiz(Action::Unorder(all))))
            };
            html! {
                <div class="quiz-picks">
                    <p class="lesson-how">{"Click the events on the diagram in order, first to last. So far: "}
                        <span data-quiz-order="">{ if order.is_empty() { "none yet".to_string() } else { order } }</span></p>
                    <p><button onclick={send(false)}>{"Take back the last"}</button>{" "}<button onclick={send(true)}>{"Start again"}</button></p>
                    if let Some(d) = marking.and_then(|m| m.order.departure.as_ref()) {
                        <p class="lesson-verdict wrong">{ format!("✗ Position {}: {}.", d.index + 1, d.reason) }</p>
                    }
                </div>
            }
        }
    }
}

/// An event's typed clock, with its mark once checked.
fn field(p: &QuizProps, kind: Kind, id: &str, mark: Option<&Mark>) -> Html {
    let d = p.dispatch.clone();
    let event = id.to_string();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        d.dispatch(AppAction::Quiz(Action::Type(kind, event.clone(), input.value())));
    });
    let answers = if kind == Kind::Lamport { &p.quiz.given.lamport } else { &p.quiz.given.vector };
    let value = answers.get(id).cloned().unwrap_or_default();
    let (sign, class, why) = match mark {
        Some(Mark::Right) => ("✓", Some("right"), None),
        Some(Mark::Wrong { expected, explanation }) => {
            ("✗", Some("wrong"), Some(format!("{expected}: {explanation}")))
        }
        Some(Mark::Missing) => ("–", Some("missing"), Some("no answer".to_string())),
        None => ("", None, None),
    };
    html! {
        <div class={classes!("quiz-field", class)} data-quiz-mark={class}>
            <label for={format!("quiz-{}-{id}", word(kind))}>{ id.to_string() }</label>
            <input id={format!("quiz-{}-{id}", word(kind))} data-quiz-event={id.to_string()} type="text" {value} {oninput}
                   autocomplete="off" spellcheck="false" class={if kind == Kind::Lamport { "short" } else { "long" }} />
            <span class="quiz-sign" aria-hidden="true">{ sign }</span>
            if let Some(why) = why { <p class="quiz-why">{ why }</p> }
        </div>
    }
}

fn pick_mark(item: &Item<Pick>) -> Html {
    let text = match &item.mark {
        Pick::WronglyMarked { explanation } => format!("✗ {} is not concurrent: {explanation}", item.event),
        Pick::Missed { explanation } => format!("✗ {} was missed: {explanation}", item.event),
        Pick::Marked | Pick::Unmarked => return html! {},
    };
    html! { <li class="quiz-why">{ text }</li> }
}

fn score(p: &QuizProps) -> Html {
    let q = &p.quiz;
    let Some(m) = q.marking.as_deref() else { return html! {} };
    let s = m.overall();
    let secs = (q.took.unwrap_or(0.0) / 1000.0).round() as u64;
    let next = q.quiz.level.next().filter(|_| m.perfect());
    let go = |level: crate::core::quiz::Level, seed: u64| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(AppAction::Quiz(Action::Open(seed, level, super::now())))
        })
    };
    html! {
        <>
            <p class="lesson-verdict" data-quiz-score={format!("{}/{}", s.right, s.total)} role="status">
                <strong>{ if m.perfect() { "✓ All right: " } else { "Score: " } }</strong>
                { format!("{} of {} in {}:{:02}.", s.right, s.total, secs / 60, secs % 60) }
            </p>
            { next_buttons(m, next.map(|l| go(l, q.quiz.seed)), go(q.quiz.level, q.quiz.seed + 1)) }
        </>
    }
}

fn next_buttons(m: &Marking, next: Option<Callback<MouseEvent>>, another: Callback<MouseEvent>) -> Html {
    let (text, title) = match (&next, m.perfect()) {
        (Some(_), _) => ("Next level →", "The next level, same seed"),
        (None, true) => ("Top level: all done", "Level 3 is the last"),
        (None, false) => ("Next level (needs a perfect score)", "A perfect score unlocks the next level"),
    };
    html! {
        <p>
            <button id="quiz-next-level" onclick={next.clone().unwrap_or_default()} disabled={next.is_none()} {title}>
                { text }
            </button>{" "}
            <button id="quiz-another" onclick={another}>{"Another quiz"}</button>
        </p>
    }
}
