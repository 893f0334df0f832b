;;; eglot-smoke.el --- The README's Emacs (eglot) snippet, tested against copydesk lsp  -*- lexical-binding: t; -*-

;; Run: COPYDESK_BIN=target/debug/copydesk emacs --batch -q -l editors/test/eglot-smoke.el
;;
;; Loads the snippet from editors/README.md (kept verbatim below, with the program's path
;; swapped in), opens a copy of the London seed article (its Reuters-style dateline dash is wrong
;; for AP style), waits for copydesk's diagnostics through Flymake, checks that the settings
;; reached the server (dateline.dash raised to an error), hovers on the dateline, and shuts
;; the server down (shutdown, exit: it must exit by itself with code 0). Prints PASS/FAIL lines and "N passed, N failed"; exits 1 on failure.

(require 'cl-lib)
(package-initialize)
(require 'eglot)

(defvar smoke-passed 0)
(defvar smoke-failed 0)
(defun smoke-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))
(defun smoke-check (name ok &optional why)
  (if ok
      (progn (setq smoke-passed (1+ smoke-passed)) (smoke-say "PASS eglot: %s" name))
    (setq smoke-failed (1+ smoke-failed))
    (smoke-say "FAIL eglot: %s: %s" name (or why "failed"))))
(defun smoke-finish ()
  (smoke-say "%d passed, %d failed" smoke-passed smoke-failed)
  (kill-emacs (if (> smoke-failed 0) 1 0)))

(defconst smoke-root
  (file-name-directory (directory-file-name (file-name-directory (or load-file-name buffer-file-name))))
  "editors/")

(defconst smoke-bin
  (or (getenv "COPYDESK_BIN")
      (let ((built (expand-file-name "../target/debug/copydesk" smoke-root)))
        (and (file-executable-p built) built))
      (executable-find "copydesk")))

(unless (and smoke-bin (file-executable-p smoke-bin))
  (smoke-say "==================================================================================")
  (smoke-say " copydesk NOT FOUND: set COPYDESK_BIN or run `cargo build`. The eglot test did NOT run.")
  (smoke-say "==================================================================================")
  (if (equal (getenv "CI") "true")
      (smoke-check "find copydesk" nil "not found, and CI=true: failing instead of skipping")
    (smoke-say "SKIP the eglot test"))
  (smoke-finish))

(smoke-say "Emacs %s, eglot %s, copydesk under test: %s"
           emacs-version
           (or (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist)))) "built in")
           smoke-bin)

;;; ---- The snippet from editors/README.md ("copydesk" replaced by the binary under test) ----
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((text-mode markdown-mode) . (,smoke-bin "lsp"))))
(setq-default eglot-workspace-configuration
              '(:copydesk (:style "ap" :rules (:dateline.dash "error"))))
;;; ---- end of snippet ----

;; A scratch workspace: copydesk.toml and the London seed.
(defconst smoke-ws (make-temp-file "copydesk-eglot-" t))
(with-temp-file (expand-file-name "copydesk.toml" smoke-ws)
  (insert "# eglot smoke test\n"))
(copy-file (expand-file-name "../seeds/london-wire-hardwrapped.txt" smoke-root)
           (expand-file-name "london-wire-hardwrapped.txt" smoke-ws))

(defun smoke-wait (pred seconds)
  "Run the event loop until PRED is true or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(find-file (expand-file-name "london-wire-hardwrapped.txt" smoke-ws))
(smoke-check "the article opens in text-mode" (eq major-mode 'text-mode) (format "%s" major-mode))

;; What `eglot-ensure' does after the first command (there are no commands in batch mode).
(condition-case err
    (apply #'eglot (eglot--guess-contact))
  (error (smoke-check "eglot starts copydesk" nil (error-message-string err)) (smoke-finish)))
(defconst smoke-server (eglot-current-server))
(smoke-check "eglot starts copydesk and manages the buffer" (and smoke-server (eglot-managed-p)))

(defun smoke-copydesk-diagnostics ()
  (cl-remove-if-not (lambda (d) (string-match-p "copydesk" (format "%s" (flymake-diagnostic-text d))))
                    (flymake-diagnostics)))

(flymake-start)
(let ((diags (smoke-wait (lambda () (flymake-start) (smoke-copydesk-diagnostics)) 20)))
  (smoke-check "Flymake shows copydesk's diagnostics" diags "none within 20 s")
  (let ((dash (cl-find-if (lambda (d) (= 3 (line-number-at-pos (flymake-diagnostic-beg d))))
                          diags)))
    (smoke-check "the dateline dash is reported on line 3" dash
                 (format "%S" (mapcar #'flymake-diagnostic-text diags)))
    (when dash
      (smoke-say "  %s" (flymake-diagnostic-text dash))
      ;; Settings from eglot-workspace-configuration raised dateline.dash to an error. The
      ;; server may re-check once the settings are in: give it a moment.
      (smoke-check "eglot-workspace-configuration reaches the server (dateline.dash is an error)"
                   (smoke-wait (lambda ()
                                 (flymake-start)
                                 (cl-find-if (lambda (d) (and (= 3 (line-number-at-pos (flymake-diagnostic-beg d)))
                                                              (memq (flymake-diagnostic-type d) '(:error eglot-error))))
                                             (smoke-copydesk-diagnostics)))
                               5)
                   (format "type %s" (flymake-diagnostic-type dash))))))

;; Hover on the dateline city, through eglot's own request helpers.
(goto-char (point-min))
(search-forward "LONDON")
(backward-char 3)
(let ((hover (condition-case err
                 (jsonrpc-request smoke-server :textDocument/hover (eglot--TextDocumentPositionParams))
               (error (format "error: %s" (error-message-string err))))))
  (let ((text (format "%S" hover)))
    (smoke-check "hover on the dateline shows the dateline card"
                 (string-match-p "Dateline" text) text)))

;; Shut down as eglot does (shutdown, then exit), but give the server time to exit by itself:
;; eglot 1.9's own `eglot-shutdown' has jsonrpc delete (SIGKILL) the process right after `exit'.
(let ((proc (jsonrpc--process smoke-server))
      (answered (condition-case err
                    (progn (jsonrpc-request smoke-server :shutdown nil :timeout 5) t)
                  (error (error-message-string err)))))
  (smoke-check "shutdown is answered" (eq answered t)
               (format "%s%s" answered
                       (if (string-match-p "Unexpected params: null" (format "%s" answered))
                           " (this eglot sends \"params\": null with shutdown, which tower-lsp rejects)"
                         "")))
  (jsonrpc-notify smoke-server :exit nil)
  (smoke-wait (lambda () (not (process-live-p proc))) 5)
  (smoke-check "exit: the server exits by itself, with code 0"
               (and (not (process-live-p proc)) (eq 0 (process-exit-status proc)))
               (if (process-live-p proc) "still running 5 s after shutdown + exit"
                 (format "exit status %s" (process-exit-status proc))))
  (ignore-errors (eglot-shutdown smoke-server nil 1)))

(delete-directory smoke-ws t)
(smoke-finish)
