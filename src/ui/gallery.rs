//! The greeting and gallery: what Lightcone is, a line for each lab to try,
//! and every example diagram, simulator scenario and time-lab preset as a
//! card with its picture, title and what it shows; a click opens it.

use super::labs::commit::{self, scenarios};
use super::presets::PRESETS;
use super::scene::Scene;
use super::state::{Action, AppState};
use crate::core::render::{svg, Options};
use crate::core::sim::scenario::Scenario;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub dispatch: UseReducerDispatcher<AppState>,
    pub lab: super::labs::Lab,
}

/// A card: its picture (inline SVG: an image from a `data:` URL would need
/// the page's CSP to allow `data:`), title, text and what opens it.
struct Card {
    picture: Option<web_sys::Node>,
    title: String,
    about: String,
    open: Action,
}

fn cards() -> Vec<Card> {
    let mut cards = Vec::new();
    for preset in PRESETS.iter() {
        let Ok(scene) = Scene::parse(preset.text) else { continue };
        let about = preset.about();
        cards.push(Card {
            picture: picture(&scene, cards.len()),
            title: about.title.clone(),
            about: about.about,
            open: Action::Replace(scene, String::new()),
        });
    }
    for (name, text) in scenarios() {
        let Ok(scenario) = Scenario::parse(text) else { continue };
        let run = crate::core::sim::outcome::run(&scenario);
        let doc = crate::core::editor::Document::from_trace(&run.trace, &run.times);
        let Ok(scene) = Scene::new(doc) else { continue };
        cards.push(Card {
            picture: picture(&scene, cards.len()),
            title: scenario.title.clone().unwrap_or_else(|| name.to_string()),
            about: scenario.about.clone().unwrap_or_default(),
            open: Action::Commit(commit::Action::Open(Rc::new(scenario))),
        });
    }
    for (name, _) in crate::core::library::TIMESYNC {
        let Some((title, about, scene)) = super::labs::time::card(name) else { continue };
        cards.push(Card {
            picture: scene.and_then(|s| picture(&s, cards.len())),
            title,
            about,
            open: Action::Time(super::labs::time::Action::Open(name.to_string())),
        });
    }
    cards
}

/// The diagram without clock labels, as an SVG node (the `n`th card's).
fn picture(scene: &Scene, n: usize) -> Option<web_sys::Node> {
    let options = Options { labels: crate::core::render::Labels::None, bare: true, ..Options::default() };
    // Presets are small: their clocks always fit.
    let text = svg(&scene.placed.trace, Some(&scene.placed.times), &options).ok()?;
    let node = super::dom::svg_node(&text, &format!("card{n}"))?;
    if let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::Element>(&node) {
        let _ = e.set_attribute("class", "picture");
        let _ = e.set_attribute("aria-hidden", "true");
    }
    Some(node)
}

#[component]
pub fn Gallery(p: &GalleryProps) -> Html {
    // Pictures are drawn once per page.
    let cards = use_memo((), |_| cards());
    let d = p.dispatch.clone();
    let close = Callback::from(move |_: MouseEvent| d.dispatch(Action::Welcome(false)));
    html! {
        <div class="overlay" role="presentation">
            <section id="gallery" class="dialog gallery" role="dialog" aria-modal="true" aria-labelledby="gallery-title">
                <h2 id="gallery-title">{"Lightcone: time, causality and agreement"}</h2>
                <p>{"An interactive laboratory for distributed systems: every diagram is live. Pick a lab to start:"}</p>
                <ul class="invitations">
                    { for super::labs::Lab::ALL.iter().map(|&lab| {
                        let d = p.dispatch.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            d.dispatch(Action::SetLab(lab));
                            d.dispatch(Action::Welcome(false));
                        });
                        html! {
                            <li><button class="invite" data-invite={lab.name()} {onclick}><strong>{ lab.title() }</strong></button>{" "}{ lab.invitation() }</li>
                        }
                    }) }
                </ul>
                <h3>{"Follow a lesson"}</h3>
                <ul class="lessons">
                    { for crate::core::library::LESSONS.iter().filter_map(|(name, text)| {
                        let lesson = crate::core::lesson::Lesson::parse(text).ok()?;
                        let d = p.dispatch.clone();
                        let open = super::lesson::Action::Open(name.to_string(), Rc::new(lesson.clone()), super::storage::lesson_step(name).unwrap_or(0));
                        let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Lesson(open.clone())));
                        Some(html! {
                            <li><button class="lesson-open" data-lesson-open={*name} {onclick}><strong>{ lesson.title.clone() }</strong></button>
                                {" "}{ lesson.summary.clone() }</li>
                        })
                    }) }
                </ul>
                <h3>{"Or test yourself"}</h3>
                <p class="quiz-levels">{"A quiz on a diagram drawn for you: fill in the clocks, find the concurrent events, order them. "}
                    { for crate::core::quiz::Level::ALL.iter().map(|&level| {
                        let d = p.dispatch.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let seed = (js_sys::Math::random() * 1e6) as u64;
                            d.dispatch(Action::Quiz(super::quiz::Action::Open(seed, level, super::quiz::now())));
                        });
                        html! { <><button class="quiz-open" data-quiz-open={level.number().to_string()} {onclick}>{ format!("Level {}", level.number()) }</button>{" "}</> }
                    }) }
                </p>
                <h3>{"Or open an example"}</h3>
                <ul class="cards">
                    { for cards.iter().map(|card| {
                        let (d, open) = (p.dispatch.clone(), card.open.clone());
                        let onclick = Callback::from(move |_: MouseEvent| d.dispatch(open.clone()));
                        html! {
                            <li>
                                <button class="card" {onclick} aria-label={format!("Open {}", card.title)}>
                                    { card.picture.clone().map(Html::VRef).unwrap_or_default() }
                                    <strong>{ card.title.clone() }</strong>
                                    <span>{ card.about.clone() }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
                <div class="dialog-buttons"><button id="gallery-close" onclick={close}>{"Close"}</button></div>
            </section>
        </div>
    }
}
