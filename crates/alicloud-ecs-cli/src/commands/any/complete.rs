//! Completion of actions and their parameters, which clap does not know: written from the
//! spec when the script is printed, after clap's script. Bash, zsh and fish complete the
//! action names where a command may stand, and after an action its `--Name` parameters (lists
//! as `--Tag.1.Key`) and this command's options. Other shells get clap's script only.

use std::fmt::Write as _;

use alicloud_ecs::model::spec;
use clap::CommandFactory;
use clap_complete::Shell;

use super::args::OPTIONS;
use super::help::{COMMANDS, leaves};
use crate::cli::Cli;

/// Each action with the words that may follow it: its parameters, then the options.
fn actions() -> Vec<(&'static str, String)> {
    let options: Vec<String> = OPTIONS.iter().map(|(o, _)| format!("--{o}")).collect();
    spec::actions()
        .filter_map(|(action, _)| spec::operation(action))
        .map(|op| {
            let mut words: Vec<String> = op
                .params
                .iter()
                .flat_map(|p| leaves(p, "1"))
                .map(|leaf| format!("--{}", leaf.name))
                .collect();
            words.extend(options.iter().cloned());
            (op.action, words.join(" "))
        })
        .collect()
}

/// The long global options that take a value (their value is no action).
fn valued_globals() -> String {
    Cli::command()
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Turn clap's script for `shell` into one that completes actions too.
pub(crate) fn extend(shell: Shell, script: String) -> String {
    match shell {
        Shell::Bash => {
            // clap's function, called for everything but actions.
            let clap_function = script
                .split("complete -F ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or("_alicloud__ecs")
                .to_owned();
            // clap_complete escapes the `-` of the name one way in the states it sets and
            // another in the states it matches, so no command past the first completed.
            let script = script.replace("alicloud__subcmd__ecs", "alicloud__ecs");
            script + &bash(&clap_function)
        }
        Shell::Zsh => zsh(script),
        Shell::Fish => script + &fish(),
        _ => script,
    }
}

fn action_names() -> String {
    spec::actions()
        .map(|(a, _)| a)
        .collect::<Vec<_>>()
        .join(" ")
}

fn bash(clap_function: &str) -> String {
    let mut out = String::from("\n# ECS actions by name, and the parameters of each.\n");
    let _ = writeln!(out, "_alicloud_ecs_actions='{}'", action_names());
    let _ = writeln!(out, "_alicloud_ecs_commands='{}'", COMMANDS.join(" "));
    let _ = writeln!(out, "_alicloud_ecs_valued='{}'", valued_globals());
    out.push_str("_alicloud_ecs_params() {\n    case \"$1\" in\n");
    for (action, words) in actions() {
        let _ = writeln!(out, "        {action}) _alicloud_ecs_words='{words}' ;;");
    }
    out.push_str("        *) _alicloud_ecs_words='' ;;\n    esac\n}\n");
    let function = r#"_alicloud_ecs_any() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" word i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        case " $_alicloud_ecs_commands " in *" $word "*) _alicloud-ecs "$@"; return ;; esac
        case " $_alicloud_ecs_actions " in
            *" $word "*)
                _alicloud_ecs_params "$word"
                COMPREPLY=($(compgen -W "$_alicloud_ecs_words" -- "$cur"))
                return ;;
        esac
    done
    _alicloud-ecs "$@"
    (( COMP_CWORD > 1 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    case " $_alicloud_ecs_valued " in *" $prev "*) return ;; esac
    if [[ "$cur" != -* ]]; then
        COMPREPLY+=($(compgen -W "$_alicloud_ecs_actions" -- "$cur"))
    fi
}
complete -F _alicloud_ecs_any -o bashdefault -o default alicloud-ecs
"#;
    out.push_str(&function.replace("_alicloud-ecs \"$@\"", &format!("{clap_function} \"$@\"")));
    out
}

/// zsh: the functions go before clap's closing dispatch, which then calls ours.
fn zsh(script: String) -> String {
    let mut ours = String::from("# ECS actions by name, and the parameters of each.\n");
    let _ = writeln!(ours, "_alicloud_ecs_actions=({})", action_names());
    ours.push_str("_alicloud_ecs_params() {\n    case $1 in\n");
    for (action, words) in actions() {
        let _ = writeln!(ours, "        ({action}) reply=({words}) ;;");
    }
    ours.push_str("        (*) reply=() ;;\n    esac\n}\n");
    ours.push_str(
        r#"_alicloud-ecs-any() {
    local word
    for word in ${words[2,CURRENT-1]}; do
        if (( ${_alicloud_ecs_actions[(Ie)$word]} )); then
            _alicloud_ecs_params $word
            compadd -- $reply
            return
        fi
    done
    _alicloud-ecs "$@"
    [[ $PREFIX != -* ]] && compadd -- $_alicloud_ecs_actions
}

"#,
    );
    let Some(at) = script.rfind("if [ \"$funcstack[1]\" = \"_alicloud-ecs\" ]") else {
        return script + "\n" + &ours + "compdef _alicloud-ecs-any alicloud-ecs\n";
    };
    let (head, tail) = script.split_at(at);
    let tail = tail
        .replace("    _alicloud-ecs \"$@\"", "    _alicloud-ecs-any \"$@\"")
        .replace("compdef _alicloud-ecs ", "compdef _alicloud-ecs-any ");
    format!("{head}{ours}{tail}")
}

fn fish() -> String {
    let names = action_names();
    let mut out = String::from("\n# ECS actions by name, and the parameters of each.\n");
    let _ = writeln!(
        out,
        "function __alicloud_ecs_action\n    for word in (commandline -opc)[2..-1]\n        \
         if contains -- $word {names}\n            echo $word\n            return 0\n        \
         end\n    end\n    return 1\nend"
    );
    let _ = writeln!(
        out,
        "complete -c alicloud-ecs -n 'not __alicloud_ecs_action; and __fish_use_subcommand' \
         -f -a '{names}'"
    );
    for (action, words) in actions() {
        let _ = writeln!(
            out,
            "complete -c alicloud-ecs -n 'test (__alicloud_ecs_action) = {action}' -f -a '{words}'"
        );
    }
    out
}
