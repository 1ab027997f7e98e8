-- book.lua: the book's Markdown features, for the HTML pages and the LaTeX book (pandoc 2.17).
--
--   ::: {.exercise #ex-1.2 title="..." points=8}   boxed, headed "Exercise 1.2 — title (8 points)"
--   ::: note / ::: linux / ::: errata              boxed notes ("Where Linux differs", ...)
--   ::: answers                                    the instructor's answers (headings demoted)
--   ![Caption](figures/NAME.mmd)                   the rendered figure (SVG for HTML, PDF for LaTeX)
--   ```{.console}                                  console output (run blocks), boxed
--
-- Metadata set by tangle/weave.py: weave-chapter ("1", "A"), weave-appendix, weave-figdir,
-- weave-figext.  In HTML this filter numbers the chapter, its sections and its figures; LaTeX
-- numbers them itself.

local chapter, appendix, figdir, figext
local is_latex = FORMAT:match("latex") ~= nil

local BOXES = {
  exercise = "Exercise",
  note = "Note",
  linux = "Where Linux differs",
  errata = "What the notes got wrong",
}

local function meta_string(v)
  if v == nil then return nil end
  return pandoc.utils.stringify(v)
end

local function read_meta(meta)
  chapter = meta_string(meta["weave-chapter"])
  appendix = meta_string(meta["weave-appendix"]) == "true"
  figdir = meta_string(meta["weave-figdir"]) or "figures"
  figext = meta_string(meta["weave-figext"]) or (is_latex and "pdf" or "svg")
end

local function inlines_of(markdown)
  local doc = pandoc.read(markdown, "markdown")
  if #doc.blocks == 0 then return {} end
  return doc.blocks[1].content
end

local function latex_of(inlines)
  local s = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "latex")
  return (s:gsub("%s+$", ""))
end

-- ---------------------------------------------------------------- boxes

local function box_kind(div)
  for _, c in ipairs(div.classes) do
    if BOXES[c] then return c end
  end
end

local function box_title(div, kind)
  local a = div.attributes
  local title = {}
  if kind == "exercise" then
    local num = div.identifier:match("^ex%-(.+)$") or div.identifier
    table.insert(title, pandoc.Str("Exercise" .. (num ~= "" and "\u{a0}" .. num or "")))
    if a.title and a.title ~= "" then
      table.insert(title, pandoc.Str(" \u{2014} "))
      for _, x in ipairs(inlines_of(a.title)) do table.insert(title, x) end
    end
    if a.points then
      local unit = a.points == "1" and " point)" or " points)"
      table.insert(title, pandoc.Str(" (" .. a.points .. unit))
    end
  else
    title = a.title and inlines_of(a.title) or { pandoc.Str(BOXES[kind]) }
  end
  return title
end

local function box(div)
  local kind = box_kind(div)
  local title = box_title(div, kind)
  if is_latex then
    local out = { pandoc.RawBlock("latex", "\\begin{nwbox}{" .. kind .. "}{" .. latex_of(title) .. "}"
      .. (div.identifier ~= "" and "\\hypertarget{" .. div.identifier .. "}{}" or "")) }
    for _, b in ipairs(div.content) do table.insert(out, b) end
    table.insert(out, pandoc.RawBlock("latex", "\\end{nwbox}"))
    return out
  end
  div.attributes.title = nil   -- shown as the box's heading, not as a tooltip
  div.classes:insert(1, "box")
  table.insert(div.content, 1, pandoc.Div({ pandoc.Plain(title) }, pandoc.Attr("", { "box-title" })))
  return div
end

-- ---------------------------------------------------------------- answers

local function answers(div)
  -- the answers file's own first level-1 heading gives way to the woven "Answers" heading
  -- (which takes over its id); the file's other headings move one level down
  local dropped, id = false, nil
  div.content = pandoc.walk_block(div, {
    Header = function(h)
      if h.classes:includes("answers-heading") then return h end
      if h.level == 1 and not dropped then
        dropped, id = true, h.identifier
        return {}
      end
      h.level = h.level + 1
      return h
    end,
  }).content
  if id and id ~= "" then
    for _, b in ipairs(div.content) do
      if b.t == "Header" and b.classes:includes("answers-heading") then b.identifier = id end
    end
  end
  return div
end

-- ---------------------------------------------------------------- figures

local function figure_src(img)
  local name = img.src:match("^%.?/?figures/(.+)%.mmd$")
  if name then img.src = figdir .. "/" .. name .. "." .. figext end
  return img
end

-- ---------------------------------------------------------------- numbering (HTML)

local function number_blocks(blocks, state)
  for _, b in ipairs(blocks) do
    if b.t == "Header" and not b.classes:includes("unnumbered") then
      if b.level == 1 and not state.h1 then
        state.h1 = true
        local label = (appendix and "Appendix " or "Chapter ") .. chapter
        table.insert(b.content, 1, pandoc.Span({ pandoc.Str(label) }, pandoc.Attr("", { "chapter-label" })))
        table.insert(b.content, 2, pandoc.Space())
      elseif b.level == 2 then
        state.h2 = state.h2 + 1
        local num = chapter .. "." .. state.h2
        table.insert(b.content, 1, pandoc.Span({ pandoc.Str(num) }, pandoc.Attr("", { "section-number" })))
        table.insert(b.content, 2, pandoc.Space())
      end
    elseif b.t == "Para" and #b.content == 1 and b.content[1].t == "Image"
        and b.content[1].title:match("^fig:") then
      state.fig = state.fig + 1
      local img = b.content[1]
      local num = chapter .. "." .. state.fig
      if img.identifier == "" then img.identifier = "fig-" .. num:gsub("%.", "-") end
      local cap = { pandoc.Span({ pandoc.Str("Figure\u{a0}" .. num .. ":") }, pandoc.Attr("", { "figure-number" })),
        pandoc.Space() }
      for _, x in ipairs(img.caption) do table.insert(cap, x) end
      img.caption = cap
    elseif b.t == "Div" then
      number_blocks(b.content, state)
    end
  end
end

-- ---------------------------------------------------------------- console blocks

local function console(cb)
  if not is_latex then return nil end
  if cb.classes:includes("console") then
    return pandoc.RawBlock("latex", "\\begin{nwconsole}\n" .. cb.text .. "\n\\end{nwconsole}")
  end
  if #cb.classes == 0 then  -- plain text: boxed like code, not highlighted
    return pandoc.RawBlock("latex", "\\begin{nwverbatim}\n" .. cb.text .. "\n\\end{nwverbatim}")
  end
end

-- ---------------------------------------------------------------- LaTeX: angle brackets
-- The Noto CJK fonts have no U+27E8/U+27E9 (the brackets of chunk names); use math's.

local MATH_CHARS = { [0x27e8] = "\\ensuremath{\\langle}", [0x27e9] = "\\ensuremath{\\rangle}" }

local function latex_str(el)
  local t = el.text
  if not (t:find("\u{27e8}", 1, true) or t:find("\u{27e9}", 1, true)) then return nil end
  local out, buf = {}, {}
  for _, cp in utf8.codes(t) do
    if MATH_CHARS[cp] then
      if #buf > 0 then table.insert(out, pandoc.Str(table.concat(buf))); buf = {} end
      table.insert(out, pandoc.RawInline("latex", MATH_CHARS[cp]))
    else
      table.insert(buf, utf8.char(cp))
    end
  end
  if #buf > 0 then table.insert(out, pandoc.Str(table.concat(buf))) end
  return out
end

return {
  { Meta = function(m) read_meta(m) end },
  { Str = function(el) if is_latex then return latex_str(el) end end },
  { Image = figure_src },
  {
    Div = function(div)
      if div.classes:includes("answers") then return answers(div) end
      if box_kind(div) then return box(div) end
    end,
    CodeBlock = console,
  },
  {
    Pandoc = function(doc)
      if not is_latex and chapter then
        number_blocks(doc.blocks, { h1 = false, h2 = 0, fig = 0 })
      end
      return doc
    end,
  },
}
