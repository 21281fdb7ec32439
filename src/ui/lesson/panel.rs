//! The lesson's panel: the title, the step controls (back, dots, next),
//! the caption, and the step's prediction or task. Every word from the
//! lesson file is written as text (Yew escapes it); the markup's emphasis,
//! code and breaks become elements made here, never parsed HTML.

use super::{Action, LessonState};
use crate::core::lesson::answer::{expected, mark, Given};
use crate::core::lesson::markup::{spans, Span};
use crate::core::lesson::{Prediction, Subject, Task};
use crate::core::sim::outcome::Outcome;
use crate::core::Analysis;
use crate::ui::scene::Scene;
use crate::ui::shared::Shared;
use crate::ui::state::{Action as AppAction, AppState};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub lesson: LessonState,
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    /// The commit lab's run, when the diagram is one.
    pub run: Option<Rc<Outcome>>,
    /// The cut drawn, if any.
    pub cut: Option<crate::core::cut::Cut>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn LessonPanel(p: &LessonProps) -> Html {
    let l = &p.lesson;
    let step = l.current();
    let go = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Lesson(a.clone())))
    };
    let n = l.lesson.steps.len();
    html! {
        <section class="lesson" data-lesson={l.name.clone()} data-lesson-step={l.step.to_string()} aria-label="Lesson">
            <div class="lesson-head">
                <h2 class="lesson-title">{ l.lesson.title.clone() }</h2>
                <button id="lesson-link" onclick={copy_link(p)} title="Copy a link that opens this lesson at this step">{"Copy link"}</button>
                <button id="lesson-close" class="dismiss" onclick={go(Action::Close)} aria-label="Close the lesson"
                        title="Close the lesson: your own diagram comes back">{"×"}</button>
            </div>
            <nav class="lesson-nav" aria-label="Lesson steps">
                <button id="lesson-back" onclick={go(Action::Turn(false))} disabled={l.step == 0}
                        title="Previous step (← or PageUp)">{"← Back"}</button>
                <ol class="lesson-dots">
                    { for l.lesson.steps.iter().enumerate().map(|(i, s)| {
                        let label = format!("Step {} of {n}{}", i + 1, s.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default());
                        let current = (i == l.step).then_some("step");
                        html! {
                            <li><button class={classes!("lesson-dot", current.map(|_| "current"), (i < l.step).then_some("seen"))}
                                        aria-label={label.clone()} title={label} aria-current={current}
                                        onclick={go(Action::Go(i))}>{ (i + 1).to_string() }</button></li>
                        }
                    }) }
                </ol>
                <button id="lesson-next" class="primary" onclick={go(Action::Turn(true))} disabled={l.step + 1 >= n}
                        title="Next step (→ or PageDown)">{"Next →"}</button>
            </nav>
            if let Some(title) = &step.title {
                <h3 class="lesson-step-title">{ title.clone() }</h3>
            }
            <p class="lesson-caption" data-lesson-caption="">{ markup(&step.caption) }</p>
            if let Some(prediction) = &step.prediction {
                { prediction_view(p, prediction) }
            }
            if let Some(task) = &step.task {
                { task_view(p, task) }
            }
        </section>
    }
}

/// Copies a link carrying the whole lesson (so one written by a lecturer
/// opens anywhere) at the step shown.
fn copy_link(p: &LessonProps) -> Callback<MouseEvent> {
    let (lesson, step, d) = (p.lesson.lesson.clone(), p.lesson.step, p.dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let url = crate::ui::share_link::lesson_link(&lesson, step);
        if let Some(w) = web_sys::window() {
            // The promise is left to settle: the notice says it either way.
            let _ = w.navigator().clipboard().write_text(&url);
        }
        let text =
            format!("Link copied ({} characters): it opens this lesson at step {}.", url.len(), step + 1);
        d.dispatch(AppAction::Notice(Some(crate::ui::notice::Notice::note(text))));
    })
}

/// A caption's spans as text, emphasis, code and breaks.
pub fn markup(text: &str) -> Html {
    html! {
        { for spans(text).into_iter().map(|s| match s {
            Span::Text(t) => html! { { t } },
            Span::Emphasis(t) => html! { <em>{ t }</em> },
            Span::Code(t) => html! { <code>{ t }</code> },
            Span::Break => html! { <br /> },
        }) }
    }
}

fn subject<'a>(p: &'a LessonProps) -> Subject<'a> {
    Subject {
        trace: &p.scene.placed.trace,
        analysis: &p.analysis,
        document: Some(&p.scene.document),
        run: p.run.as_deref(),
        cut: p.cut.as_ref(),
    }
}

fn prediction_view(p: &LessonProps, prediction: &Prediction) -> Html {
    let l = &p.lesson;
    let a = &l.answer;
    let d = p.dispatch.clone();
    let reveal = Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Lesson(Action::Reveal)));
    let how = if prediction.events.is_some() {
        let picked = if a.picked.is_empty() {
            "none yet".to_string()
        } else {
            a.picked.iter().cloned().collect::<Vec<_>>().join(", ")
        };
        html! { <p class="lesson-how">{"Click events on the diagram to pick them (click again to unpick). Picked: "}<span class="lesson-picked">{ picked }</span></p> }
    } else if let Some(choice) = &prediction.choose {
        html! {
            <div class="lesson-options" role="group" aria-label="Options">
                { for choice.options.iter().enumerate().map(|(i, o)| {
                    let d = p.dispatch.clone();
                    let onclick = Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Lesson(Action::Choose(i))));
                    let on = a.chosen == Some(i);
                    html! { <button class={classes!("lesson-option", on.then_some("chosen"))} aria-pressed={on.to_string()}
                                    disabled={a.revealed} {onclick}>{ if on { "● " } else { "○ " } }{ o.clone() }</button> }
                }) }
            </div>
        }
    } else {
        typed_answer(p, prediction)
    };
    html! {
        <div class="lesson-prediction" data-lesson-prediction="">
            <p class="lesson-question"><strong>{"Predict: "}</strong>{ markup(&prediction.question) }</p>
            { how }
            if a.revealed {
                { revealed(p, prediction) }
            } else {
                <button id="lesson-reveal" class="primary" onclick={reveal}>{"Reveal the answer"}</button>
            }
        </div>
    }
}

fn typed_answer(p: &LessonProps, prediction: &Prediction) -> Html {
    let a = &p.lesson.answer;
    let d = p.dispatch.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        d.dispatch(AppAction::Lesson(Action::Type(input.value())));
    });
    let d = p.dispatch.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            d.dispatch(AppAction::Lesson(Action::Reveal));
        }
    });
    let what =
        if prediction.lamport.is_some() { "a whole number" } else { "one number per process, e.g. [2,1,0]" };
    html! {
        <label class="lesson-how">{ format!("Your answer ({what}): ") }
            <input id="lesson-answer" type="text" value={a.typed.clone()} disabled={a.revealed} {oninput} {onkeydown}
                   autocomplete="off" spellcheck="false" />
        </label>
    }
}

/// The reveal: the student's answer marked, the right one, and why.
fn revealed(p: &LessonProps, prediction: &Prediction) -> Html {
    let a = &p.lesson.answer;
    let trace = &p.scene.placed.trace;
    let options = prediction.choose.as_ref().map(|c| c.options.clone()).unwrap_or_default();
    let Ok(want) = expected(prediction, &subject(p)) else {
        return html! { <p class="lesson-verdict">{"The answer cannot be worked out on this diagram."}</p> };
    };
    let given = if prediction.events.is_some() {
        Given::Events(a.picked.iter().filter_map(|id| trace.event_by_id(id)).collect())
    } else if prediction.choose.is_some() {
        Given::Choice(a.chosen.unwrap_or(usize::MAX))
    } else {
        Given::Text(a.typed.clone())
    };
    let m = mark(&want, &given, trace, &options);
    let ids = |es: &[u32]| es.iter().map(|&e| trace.event_id(e).to_string()).collect::<Vec<_>>().join(", ");
    let (word, class) = if m.right { ("✓ Right.", "right") } else { ("✗ Not quite.", "wrong") };
    html! {
        <div class={classes!("lesson-verdict", class)} data-lesson-verdict={class} role="status">
            <p><strong>{ word }</strong>{ format!(" The answer: {}.", m.answer) }</p>
            if let Some(why) = &m.unreadable {
                <p>{ format!("Your answer could not be read: {why}.") }</p>
            }
            if !m.missed.is_empty() {
                <p>{ format!("Missed (dashed squares): {}.", ids(&m.missed)) }</p>
            }
            if !m.extra.is_empty() {
                <p>{ format!("Not in the answer (crossed): {}.", ids(&m.extra)) }</p>
            }
            <p class="lesson-why">{ markup(&prediction.why) }</p>
        </div>
    }
}

fn task_view(p: &LessonProps, task: &Task) -> Html {
    let a = &p.lesson.answer;
    let holds = task.check.holds(&subject(p));
    let d = p.dispatch.clone();
    let done_now = *holds.as_ref().unwrap_or(&false);
    let check = Callback::from(move |_: MouseEvent| d.dispatch(AppAction::Lesson(Action::Check(done_now))));
    let status = match &holds {
        Ok(true) => html! {
            <div class="lesson-verdict right" data-lesson-verdict="right" data-task="done" role="status">
                <p><strong>{"✓ Done."}</strong>{ " " }{ for task.done.as_deref().map(markup) }</p>
            </div>
        },
        Ok(false) if a.tries > 0 => html! {
            <div class="lesson-verdict wrong" data-lesson-verdict="wrong" data-task="not-yet" role="status">
                <p><strong>{"✗ Not yet."}</strong>{" Hint: "}{ markup(&task.hint) }</p>
            </div>
        },
        Ok(false) => html! {},
        Err(e) => {
            html! { <p class="lesson-verdict wrong">{ format!("This task cannot be checked here: {e}") }</p> }
        }
    };
    html! {
        <div class="lesson-task" data-lesson-task="">
            <p class="lesson-question"><strong>{"Your turn: "}</strong>{ markup(&task.goal) }</p>
            { status }
            if !done_now {
                <button id="lesson-check" class="primary" onclick={check}>{"Check"}</button>
            }
        </div>
    }
}
