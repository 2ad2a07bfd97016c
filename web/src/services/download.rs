//! Saving exports from the browser: a Blob URL clicked through a temporary link; PNG drawn from the SVG export.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

fn err(e: JsValue) -> String {
    format!("{e:?}")
}

pub fn save(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    save_blob(filename, &blob(mime, text)?)
}

fn blob(mime: &str, text: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(err)
}

pub fn save_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(err)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(err)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(err)?;
    Ok(())
}

/// Browsers refuse canvases much larger than this on a side.
const MAX_CANVAS_SIDE: f64 = 16_384.0;

/// Rasterises an SVG document (width × height user units) at 2× into `filename`. Asynchronous: the image
/// must load before it can be drawn; failures are reported through `on_error`.
pub fn save_png(filename: &str, svg: &str, width: f64, height: f64, on_error: impl Fn(String) + 'static) {
    let scale = 2.0_f64.min(MAX_CANVAS_SIDE / width.max(1.0)).min(MAX_CANVAS_SIDE / height.max(1.0));
    let run = || -> Result<(), String> {
        let url = web_sys::Url::create_object_url_with_blob(&blob("image/svg+xml", svg)?).map_err(err)?;
        let img = web_sys::HtmlImageElement::new().map_err(err)?;
        let (name, loaded) = (filename.to_string(), img.clone());
        let on_error = std::rc::Rc::new(on_error);
        let on_error2 = on_error.clone();
        let url2 = url.clone();
        let onload = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url2);
            let draw = || -> Result<(), String> {
                let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
                let canvas: web_sys::HtmlCanvasElement =
                    document.create_element("canvas").map_err(err)?.unchecked_into();
                canvas.set_width((width * scale).ceil() as u32);
                canvas.set_height((height * scale).ceil() as u32);
                let ctx: web_sys::CanvasRenderingContext2d =
                    canvas.get_context("2d").map_err(err)?.ok_or("no 2d context")?.unchecked_into();
                ctx.scale(scale, scale).map_err(err)?;
                ctx.draw_image_with_html_image_element(&loaded, 0.0, 0.0).map_err(err)?;
                let on_error = on_error2.clone();
                let done = Closure::once_into_js(move |b: Option<web_sys::Blob>| match b {
                    Some(b) => {
                        if let Err(e) = save_blob(&name, &b) {
                            on_error(e);
                        }
                    }
                    None => on_error("the browser could not encode the PNG".into()),
                });
                canvas.to_blob(done.unchecked_ref()).map_err(err)
            };
            if let Err(e) = draw() {
                on_error2(e);
            }
        });
        let onerror = Closure::once_into_js(move || on_error("the drawing could not be rasterised".into()));
        img.set_onload(Some(onload.unchecked_ref()));
        img.set_onerror(Some(onerror.unchecked_ref()));
        img.set_src(&url);
        Ok(())
    };
    if let Err(e) = run() {
        web_sys::console::error_1(&e.into());
    }
}

/// Saves bytes as they are (a raw job log, which need not be UTF-8).
pub fn save_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    save_blob(filename, &web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(err)?)
}
